def divide(a, b):
    return a / b


def main():
    values = [4, 2, 0]
    for v in values:
        print(divide(8, v))


main()
