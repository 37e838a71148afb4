"""Exceptions: raised anywhere, caught (or not) somewhere up the stack."""


# ANCHOR: errors
class ConfigError(ValueError):
    """A configuration line could not be understood."""


def parse_port(line: str) -> int:
    key, sep, value = line.partition("=")
    if not sep:
        raise ConfigError(f"no '=' in {line!r}")
    try:
        port = int(value)  # may raise ValueError
    except ValueError as err:
        raise ConfigError(f"bad port: {err}") from err
    if not 0 <= port <= 65535:
        raise ConfigError(f"bad port: {port} is out of range")
    return port


for line in ["port = 8080", "port: 8080", "port = 99999", "port = eighty"]:
    try:
        print(f"{line!r} -> {parse_port(line)}")
    except ConfigError as err:
        print(f"{line!r} -> error: {err}")
# ANCHOR_END: errors
