import sys
def where():
    line = sys._getframe().f_lineno
    caller = sys._getframe(1)
    return sys._getframe().f_code.co_name, line, caller.f_code.co_name, caller.f_lineno, 'where' in caller.f_globals
print(where())
def outer():
    local_var = 42
    return inner()
def inner():
    return sys._getframe(1).f_locals['local_var'], sys._getframe().f_back.f_code.co_name
print(outer())
