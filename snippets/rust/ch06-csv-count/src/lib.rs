//! Count the data rows of a CSV file with the standard library only.
//!
//! The rules follow Python's `csv` module with its default dialect and
//! `strict=True`: fields are separated by `,`, a field may be wrapped in `"`,
//! a doubled `""` inside quotes is one quote character, and a quoted field may
//! contain commas and line breaks. Blank lines are skipped. The first row is
//! the header; every later row must have as many fields as the header.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

// ANCHOR: error
/// Everything that can go wrong while counting.
#[derive(Debug)]
pub enum CsvError {
    /// The file could not be opened or read.
    Io(io::Error),
    /// A row has a different number of fields than the header.
    Ragged {
        row: u64,
        expected: usize,
        found: usize,
    },
    /// A quoted field is not closed properly (`"ab"c` or a quote left open at the end).
    BadQuote { row: u64 },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::Io(err) => write!(f, "I/O error: {err}"),
            CsvError::Ragged {
                row,
                expected,
                found,
            } => {
                write!(f, "row {row} has {found} fields, the header has {expected}")
            }
            CsvError::BadQuote { row } => write!(f, "row {row}: malformed quoted field"),
        }
    }
}

impl std::error::Error for CsvError {}

impl From<io::Error> for CsvError {
    fn from(err: io::Error) -> Self {
        CsvError::Io(err)
    }
}
// ANCHOR_END: error

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field (also the start of a row).
    FieldStart,
    /// Inside a field that did not start with a quote.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just read a `"` inside a quoted field: either the closing quote or the
    /// first half of `""`.
    QuoteInQuoted,
}

// ANCHOR: counter
/// A push parser: feed it bytes in chunks of any size, then call `finish`.
pub struct RowCounter {
    state: State,
    fields: usize,     // fields completed in the current row
    row_started: bool, // has the current row any content?
    header_width: Option<usize>,
    rows: u64, // data rows (the header is not counted)
}

impl RowCounter {
    pub fn new() -> Self {
        RowCounter {
            state: State::FieldStart,
            fields: 0,
            row_started: false,
            header_width: None,
            rows: 0,
        }
    }

    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), CsvError> {
        for &b in bytes {
            match (self.state, b) {
                (State::Quoted, b'"') => self.state = State::QuoteInQuoted,
                (State::Quoted, _) => {} // commas and newlines are data here
                (State::QuoteInQuoted, b'"') => self.state = State::Quoted, // `""`
                (State::FieldStart, b'"') => {
                    self.state = State::Quoted;
                    self.row_started = true;
                }
                (_, b',') => {
                    self.fields += 1;
                    self.row_started = true;
                    self.state = State::FieldStart;
                }
                (_, b'\n' | b'\r') => self.end_row()?,
                (State::QuoteInQuoted, _) => return Err(self.bad_quote()),
                (_, _) => {
                    self.state = State::Unquoted;
                    self.row_started = true;
                }
            }
        }
        Ok(())
    }

    /// Call once at the end of the input; returns the number of data rows.
    pub fn finish(mut self) -> Result<u64, CsvError> {
        if self.state == State::Quoted {
            return Err(self.bad_quote());
        }
        self.end_row()?;
        Ok(self.rows)
    }

    fn end_row(&mut self) -> Result<(), CsvError> {
        self.state = State::FieldStart;
        if !self.row_started {
            return Ok(()); // a blank line, or the `\n` of a `\r\n`
        }
        let width = self.fields + 1;
        match self.header_width {
            None => self.header_width = Some(width),
            Some(expected) if expected == width => self.rows += 1,
            Some(expected) => {
                return Err(CsvError::Ragged {
                    row: self.rows + 1,
                    expected,
                    found: width,
                });
            }
        }
        self.fields = 0;
        self.row_started = false;
        Ok(())
    }

    fn bad_quote(&self) -> CsvError {
        CsvError::BadQuote { row: self.rows + 1 }
    }
}
// ANCHOR_END: counter

impl Default for RowCounter {
    fn default() -> Self {
        Self::new()
    }
}

// ANCHOR: count
/// Count the data rows of anything readable, 64 KiB at a time.
pub fn count_rows<R: Read>(mut input: R) -> Result<u64, CsvError> {
    let mut counter = RowCounter::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            return counter.finish();
        }
        counter.feed(&buf[..n])?;
    }
}

/// Count the data rows of a file.
pub fn count_rows_in_file(path: &Path) -> Result<u64, CsvError> {
    let file = File::open(path)?;
    count_rows(file)
}
// ANCHOR_END: count

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> Result<u64, CsvError> {
        count_rows(text.as_bytes())
    }

    #[test]
    fn counts_rows_without_the_header() {
        assert_eq!(count("id,name\n1,ada\n2,grace\n").unwrap(), 2);
    }

    #[test]
    fn last_row_needs_no_newline() {
        assert_eq!(count("id,name\n1,ada\n2,grace").unwrap(), 2);
    }

    #[test]
    fn quoted_fields_may_hold_commas_newlines_and_quotes() {
        let text = "id,note\n1,\"one, two\"\n2,\"line one\nline two\"\n3,\"say \"\"hi\"\"\"\n";
        assert_eq!(count(text).unwrap(), 3);
    }

    #[test]
    fn crlf_line_endings_and_blank_lines() {
        assert_eq!(count("a,b\r\n1,2\r\n\r\n3,4\r\n").unwrap(), 2);
    }

    #[test]
    fn empty_input_has_no_rows() {
        assert_eq!(count("").unwrap(), 0);
        assert_eq!(count("only,a,header\n").unwrap(), 0);
    }

    #[test]
    fn chunk_boundaries_do_not_matter() {
        let text = "a,b\n\"x\ny\",\"p\"\"q\"\n3,4\n";
        let mut counter = RowCounter::new();
        for byte in text.as_bytes() {
            counter.feed(std::slice::from_ref(byte)).unwrap();
        }
        assert_eq!(counter.finish().unwrap(), 2);
    }

    #[test]
    fn ragged_row_is_an_error() {
        let err = count("a,b\n1,2\n3\n").unwrap_err();
        assert!(matches!(
            err,
            CsvError::Ragged {
                row: 2,
                expected: 2,
                found: 1
            }
        ));
        assert_eq!(err.to_string(), "row 2 has 1 fields, the header has 2");
    }

    #[test]
    fn bad_quotes_are_errors() {
        assert!(matches!(
            count("a,b\n1,\"x\"y\n"),
            Err(CsvError::BadQuote { row: 1 })
        ));
        assert!(matches!(
            count("a,b\n1,\"never closed\n"),
            Err(CsvError::BadQuote { .. })
        ));
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let err = count_rows_in_file(Path::new("/nonexistent/writerB.csv")).unwrap_err();
        assert!(matches!(err, CsvError::Io(e) if e.kind() == io::ErrorKind::NotFound));
    }
}
