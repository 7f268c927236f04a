def helper(v):
    w = v * 2
    return w

def main():
    x = 10
    breakpoint()
    y = helper(x)
    z = y + 1
    print('z', z)
    return z

class K:
    def m(self):
        return main()

K().m()
print('done')
