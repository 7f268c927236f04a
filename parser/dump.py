"""`dump()`: the text CPython 3.8's `ast.dump` gives for a tree."""
from .nodes import AST


def dump(node: AST, annotate_fields: bool = True, include_attributes: bool = False) -> str:
    """Render `node` exactly as CPython 3.8's ast.dump(node, ...) would."""
    if not isinstance(node, AST):
        raise TypeError('expected AST, got %r' % type(node).__name__)
    from .repr38 import repr38   # here: its tables cost start-up, and compiling never dumps

    def render(value) -> str:
        if isinstance(value, list):
            return '[%s]' % ', '.join(render(item) for item in value)
        if isinstance(value, str):
            return repr38(value)  # host repr may know newer Unicode than 3.8
        if not isinstance(value, AST):
            return repr(value)
        parts = []
        named = annotate_fields
        for field in value._fields:
            if not hasattr(value, field):
                named = True  # once a field is missing, the rest must be named
                continue
            text = render(getattr(value, field))
            parts.append('%s=%s' % (field, text) if named else text)
        if include_attributes:
            for attribute in value._attributes:
                if hasattr(value, attribute):
                    parts.append('%s=%s' % (attribute, render(getattr(value, attribute))))
        return '%s(%s)' % (type(value).__name__, ', '.join(parts))

    return render(node)
