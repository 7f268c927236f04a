"""A tiny template engine: variables with filters, loops and conditionals, compiled to closures."""
import html
import re

TOKENS = re.compile(r'({{.*?}}|{%.*?%})', re.S)
FILTERS = {'upper': str.upper, 'title': str.title, 'escape': html.escape, 'len': len,
           'money': lambda v: '$%.2f' % v}


class TemplateError(Exception):
    pass


def lookup(context, expression):
    name, *filters = [part.strip() for part in expression.split('|')]
    value = context
    for part in name.split('.'):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif hasattr(value, part):
            value = getattr(value, part)
        else:
            raise TemplateError('undefined: %s' % name)
    for name in filters:
        value = FILTERS[name](value)
    return value


def compile_template(text):
    tokens = TOKENS.split(text)
    stack = [[]]
    for token in tokens:
        if token.startswith('{{'):
            expr = token[2:-2]
            stack[-1].append(lambda ctx, expr=expr: str(lookup(ctx, expr)))
        elif token.startswith('{%'):
            words = token[2:-2].split()
            if words[0] in ('for', 'if'):
                stack.append([])
                stack[-1].append(words)
            elif words[0] in ('endfor', 'endif'):
                body = stack.pop()
                header, parts = body[0], body[1:]
                if header[0] == 'for':
                    stack[-1].append(make_loop(header[1], header[3], parts))
                else:
                    stack[-1].append(make_if(header[1], parts))
            else:
                raise TemplateError('unknown tag %s' % words[0])
        elif token:
            stack[-1].append(lambda ctx, token=token: token)
    if len(stack) != 1:
        raise TemplateError('unclosed block')
    return lambda ctx: ''.join(part(ctx) for part in stack[0])


def make_loop(var, source, parts):
    def render(ctx):
        out = []
        for index, item in enumerate(lookup(ctx, source)):
            inner = dict(ctx, **{var: item, 'loop': {'index': index + 1}})
            out.extend(part(inner) for part in parts)
        return ''.join(out)
    return render


def make_if(condition, parts):
    return lambda ctx: ''.join(part(ctx) for part in parts) if lookup(ctx, condition) else ''


page = compile_template('''<h1>{{ shop.name | upper }}</h1>
{% for item in items %}{{ loop.index }}. {{ item.name | title }}: {{ item.price | money }}{% if item.sale %} (sale!){% endif %}
{% endfor %}Total items: {{ items | len }} <{{ note | escape }}>''')
context = {'shop': {'name': 'corner store'}, 'note': 'a < b & c',
           'items': [{'name': 'green tea', 'price': 3.5, 'sale': False},
                     {'name': 'rice', 'price': 12, 'sale': True}]}
print(page(context))
for bad in ['{{ missing }}', '{% for x in items %}', '{% while %}']:
    try:
        compile_template(bad)(context)
    except TemplateError as exc:
        print('TemplateError:', exc)
