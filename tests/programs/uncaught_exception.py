"""A config loader whose final error is uncaught: traceback on stderr, exit status 1."""


class ConfigError(Exception):
    pass


def parse_line(number, line):
    key, sep, value = line.partition('=')
    if not sep:
        raise ConfigError('line %d: missing "=" in %r' % (number, line))
    return key.strip(), value.strip()


def load(text):
    config = {}
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith('#'):
            key, value = parse_line(number, line)
            config[key] = value
    return config


def require(config, key):
    try:
        return config[key]
    except KeyError as exc:
        raise ConfigError('missing key %s' % key) from exc


print(load('# comment\nname = demo\nsize=3\n'))
try:
    load('a = 1\nbroken line\n')
except ConfigError as exc:
    print('error:', exc)
config = load('name = x')
print(require(config, 'name'))
print('about to fail', flush=True)
require(config, 'port')
