def café(ä, *, μ=1):
    return ä + μ, 'café', "μμ", '\u03bc'
π = 3.14159
print(café(1), π, f"{π!r:>10}")
