use std::fmt;
use std::num::ParseIntError;

// ANCHOR: errors
#[derive(Debug, PartialEq)]
enum ConfigError {
    MissingEquals(String),
    BadPort(ParseIntError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingEquals(line) => write!(f, "no '=' in {line:?}"),
            ConfigError::BadPort(err) => write!(f, "bad port: {err}"),
        }
    }
}

impl std::error::Error for ConfigError {}

// Lets `?` turn a ParseIntError into a ConfigError.
impl From<ParseIntError> for ConfigError {
    fn from(err: ParseIntError) -> Self {
        ConfigError::BadPort(err)
    }
}

fn parse_port(line: &str) -> Result<u16, ConfigError> {
    let (_, value) = line
        .split_once('=')
        .ok_or_else(|| ConfigError::MissingEquals(line.to_string()))?;
    let port = value.trim().parse::<u16>()?; // ParseIntError -> ConfigError
    Ok(port)
}

fn main() {
    for line in ["port = 8080", "port: 8080", "port = 99999"] {
        match parse_port(line) {
            Ok(port) => println!("{line:?} -> {port}"),
            Err(err) => println!("{line:?} -> error: {err}"),
        }
    }
}
// ANCHOR_END: errors

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports() {
        assert_eq!(parse_port("port=80"), Ok(80));
        assert!(matches!(
            parse_port("port 80"),
            Err(ConfigError::MissingEquals(_))
        ));
        let err = parse_port("port = 99999").unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad port: number too large to fit in target type"
        );
    }
}
