x: int = 5
y: str
print(__annotations__)
class C:
    a: int
    b: 'str' = 'q'
print(C.__annotations__)
def f(a: int, b: 'x' = 1, *c: float, d: bool, **e: dict) -> None: pass
print(sorted(f.__annotations__.items(), key=str))
