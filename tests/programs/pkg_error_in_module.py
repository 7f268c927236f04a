"""An uncaught exception raised inside a sibling package module: the traceback crosses files."""
from toolkit.mathx import summary

print(summary(['10', '20']))
print(summary([]))
