"""A vending machine: coins, change-making with dynamic programming, and stock errors."""


class OutOfStock(Exception):
    pass


class NotEnoughMoney(Exception):
    def __init__(self, missing):
        super().__init__('insert %d more cents' % missing)
        self.missing = missing


def make_change(amount, coins):
    best = [0] + [None] * amount
    choice = [0] * (amount + 1)
    for value in range(1, amount + 1):
        for coin in coins:
            if coin <= value and best[value - coin] is not None:
                candidate = best[value - coin] + 1
                if best[value] is None or candidate < best[value]:
                    best[value], choice[value] = candidate, coin
    if best[amount] is None:
        return None
    result = []
    while amount:
        result.append(choice[amount])
        amount -= choice[amount]
    return sorted(result, reverse=True)


class Machine:
    COINS = (200, 100, 50, 20, 10, 5)

    def __init__(self, stock):
        self.stock = dict(stock)
        self.credit = 0
        self.sales = []

    def insert(self, coin):
        if coin not in self.COINS:
            raise ValueError('coin %d not accepted' % coin)
        self.credit += coin

    def buy(self, item):
        price, count = self.stock.get(item, (0, 0))
        if not count:
            raise OutOfStock(item)
        if self.credit < price:
            raise NotEnoughMoney(price - self.credit)
        self.stock[item] = (price, count - 1)
        change = make_change(self.credit - price, self.COINS)
        self.credit = 0
        self.sales.append(item)
        return change


machine = Machine({'cola': (120, 2), 'chips': (75, 1), 'gum': (35, 0)})
actions = [('insert', 100), ('buy', 'cola'), ('insert', 50), ('buy', 'cola'), ('insert', 3),
           ('insert', 200), ('buy', 'chips'), ('insert', 100), ('buy', 'gum'), ('buy', 'chips'),
           ('insert', 200), ('buy', 'cola'), ('buy', 'cola')]
for action, arg in actions:
    try:
        result = getattr(machine, action)(arg)
        print(action, arg, '->', result, 'credit', machine.credit)
    except (OutOfStock, NotEnoughMoney, ValueError) as exc:
        print(action, arg, '!!', type(exc).__name__, exc)
print(machine.sales, machine.stock)
print(make_change(63, (25, 10, 5, 1)), make_change(6, (4, 3)), make_change(7, (2, 4)))
