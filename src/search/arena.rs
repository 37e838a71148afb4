//! Where the search index keeps its sections' term counts until every page is in: large
//! blocks of bytes, written out to an unnamed temporary file once a big book has more than a
//! few of them, and read back in order when the terms are scored.
//!
//! The counts are the one part of the index that grows with every section of the book and
//! is needed only at the end, twice, front to back: a 10,000-chapter book has about 12 MB of
//! them. On disk they cost two sequential reads (from the page cache) instead of holding
//! the build's memory while the pages render.

use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Bytes kept for the life of the index, in blocks that are never moved or grown: a big
/// book's counts are a few large allocations rather than tens of thousands of small ones,
/// which would pin the memory freed around them while the pages render.
pub(super) struct Arena {
    /// The first blocks, written out: each one's offset and length in `file`.
    on_disk: Vec<(u64, usize)>,
    /// Read from by several threads at scoring time, each seeking to a block.
    file: Option<Mutex<File>>,
    /// The blocks after those on disk (the last one is being filled).
    blocks: Vec<Vec<u8>>,
    /// Writing to the temporary file failed once: every block stays in memory.
    in_memory_only: bool,
    /// A block's size ([`Arena::BLOCK`], smaller in tests).
    block: usize,
    /// Blocks held before they are written out ([`Arena::KEEP`], smaller in tests).
    keep: usize,
}

impl Default for Arena {
    fn default() -> Self {
        Arena {
            on_disk: Vec::new(),
            file: None,
            blocks: Vec::new(),
            in_memory_only: false,
            block: Self::BLOCK,
            keep: Self::KEEP,
        }
    }
}

/// Where some bytes are in an [`Arena`].
#[derive(Clone, Copy, Default)]
pub(super) struct Span {
    block: u32,
    start: u32,
    len: u32,
}

impl Arena {
    const BLOCK: usize = 1 << 20;
    /// Blocks held in memory before the full ones are written out: a book of up to about
    /// 3,000 chapters never touches the disk for its index.
    const KEEP: usize = 4;

    /// An arena of tiny blocks that goes to disk almost at once, for tests of the index
    /// whose counts would otherwise need a book of thousands of chapters to get there.
    #[cfg(test)]
    pub(super) fn tiny() -> Self {
        Arena {
            block: 64,
            keep: 1,
            ..Arena::default()
        }
    }

    /// Whether some blocks were written out.
    #[cfg(test)]
    pub(super) fn spilled(&self) -> bool {
        !self.on_disk.is_empty()
    }

    pub(super) fn push(&mut self, bytes: &[u8]) -> Span {
        let fits = self
            .blocks
            .last()
            .is_some_and(|b| b.capacity() - b.len() >= bytes.len());
        if !fits {
            if self.blocks.len() >= self.keep {
                self.spill();
            }
            self.blocks
                .push(Vec::with_capacity(self.block.max(bytes.len())));
        }
        let block = self.on_disk.len() + self.blocks.len() - 1;
        let b = self.blocks.last_mut().expect("a block was just made");
        let start = b.len();
        b.extend_from_slice(bytes);
        Span {
            block: block as u32,
            start: start as u32,
            len: bytes.len() as u32,
        }
    }

    /// Writes every block held to the temporary file. On any failure (no temporary folder,
    /// a full disk) the blocks stay where they are, and so do all later ones.
    fn spill(&mut self) {
        if self.in_memory_only {
            return;
        }
        let written = (|| -> std::io::Result<()> {
            let file = match &mut self.file {
                Some(file) => file,
                None => self.file.insert(Mutex::new(tempfile::tempfile()?)),
            };
            let file = file.get_mut().unwrap_or_else(|e| e.into_inner());
            let mut offset = file.seek(SeekFrom::End(0))?;
            let mut placed = Vec::with_capacity(self.blocks.len());
            for block in &self.blocks {
                file.write_all(block)?;
                placed.push((offset, block.len()));
                offset += block.len() as u64;
            }
            self.on_disk.extend(placed);
            Ok(())
        })();
        match written {
            Ok(()) => self.blocks.clear(),
            Err(_) => self.in_memory_only = true,
        }
    }

    /// A reader for spans taken in the order they were pushed: each block is read from the
    /// disk once per reader (several threads may each have one).
    pub(super) fn reader(&self) -> Reader<'_> {
        Reader {
            arena: self,
            current: None,
        }
    }
}

/// Reads an [`Arena`]'s spans, keeping the block of the last one.
pub(super) struct Reader<'a> {
    arena: &'a Arena,
    current: Option<(u32, Cow<'a, [u8]>)>,
}

impl Reader<'_> {
    pub(super) fn bytes(&mut self, span: Span) -> std::io::Result<&[u8]> {
        if self.current.as_ref().is_none_or(|(b, _)| *b != span.block) {
            let block = self.arena.block(span.block as usize)?;
            self.current = Some((span.block, block));
        }
        let (_, block) = self.current.as_ref().expect("set above");
        Ok(&block[span.start as usize..][..span.len as usize])
    }
}

impl Arena {
    fn block(&self, n: usize) -> std::io::Result<Cow<'_, [u8]>> {
        let Some(&(offset, len)) = self.on_disk.get(n) else {
            return Ok(Cow::Borrowed(&self.blocks[n - self.on_disk.len()]));
        };
        let file = self.file.as_ref().expect("blocks on disk have a file");
        let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
        file.seek(SeekFrom::Start(offset))?;
        let mut bytes = vec![0; len];
        file.read_exact(&mut bytes)?;
        Ok(Cow::Owned(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_back_the_same_bytes_from_memory_and_from_disk() {
        let mut arena = Arena::default();
        // Enough for a dozen blocks: the first ones go to the temporary file.
        let pieces: Vec<Vec<u8>> = (0..12_000u32)
            .map(|i| {
                let len = 500 + (i as usize * 7919) % 1500;
                (0..len).map(|j| (i as usize + j) as u8).collect()
            })
            .collect();
        let spans: Vec<Span> = pieces.iter().map(|p| arena.push(p)).collect();
        assert!(
            !arena.on_disk.is_empty(),
            "the first blocks were written out"
        );
        assert!(arena.blocks.len() <= Arena::KEEP);
        let mut reader = arena.reader();
        for (piece, span) in pieces.iter().zip(&spans) {
            assert_eq!(reader.bytes(*span).unwrap(), piece.as_slice());
        }
        // Out of order too (slower: blocks are read again).
        let mut reader = arena.reader();
        for i in [11_999, 0, 6_000, 1] {
            assert_eq!(reader.bytes(spans[i]).unwrap(), pieces[i].as_slice());
        }
    }

    #[test]
    fn a_small_index_stays_in_memory() {
        let mut arena = Arena::default();
        let span = arena.push(b"counts");
        assert!(arena.file.is_none());
        assert_eq!(arena.reader().bytes(span).unwrap(), b"counts");
    }
}
