def numbers(limit):
    n = 0
    while n < limit:
        yield n
        n += 1


def total(limit):
    result = 0
    for value in numbers(limit):
        result += value
    return result


class Account:
    def __init__(self, balance):
        self.balance = balance

    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError('insufficient funds')
        self.balance -= amount
        return self.balance


def main():
    print(total(3))
    account = Account(10)
    try:
        account.withdraw(20)
    except ValueError as exc:
        print('error:', exc)
    return account.withdraw(4)


if __name__ == '__main__':
    print(main())
