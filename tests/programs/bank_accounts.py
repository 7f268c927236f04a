"""A bank simulation with custom exceptions and an audit log."""


class BankError(Exception):
    pass


class InsufficientFunds(BankError):
    def __init__(self, account, amount):
        super().__init__('account %s: cannot withdraw %d (balance %d)' % (account.name, amount, account.balance))
        self.amount = amount


class FrozenAccount(BankError):
    pass


class Account:
    next_id = 1

    def __init__(self, name, balance=0):
        self.name = name
        self.balance = balance
        self.frozen = False
        self.id = Account.next_id
        Account.next_id += 1
        self.history = []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError('deposit must be positive')
        self._check()
        self.balance += amount
        self.history.append(('deposit', amount))

    def withdraw(self, amount):
        self._check()
        if amount > self.balance:
            raise InsufficientFunds(self, amount)
        self.balance -= amount
        self.history.append(('withdraw', amount))

    def _check(self):
        if self.frozen:
            raise FrozenAccount(self.name + ' is frozen')

    def __repr__(self):
        return 'Account(#%d %s, %d)' % (self.id, self.name, self.balance)


class Bank:
    def __init__(self):
        self.accounts = {}
        self.log = []

    def open(self, name, balance=0):
        account = Account(name, balance)
        self.accounts[name] = account
        return account

    def transfer(self, source, target, amount):
        a, b = self.accounts[source], self.accounts[target]
        try:
            a.withdraw(amount)
        except InsufficientFunds as exc:
            self.log.append('FAILED %s' % exc)
            return False
        else:
            b.deposit(amount)
            self.log.append('ok %s -> %s: %d' % (source, target, amount))
            return True
        finally:
            self.log.append('audit %s' % sorted((n, acc.balance) for n, acc in self.accounts.items()))


bank = Bank()
bank.open('alice', 100)
bank.open('bob', 50)
bank.open('carol')
print(bank.transfer('alice', 'bob', 30))
print(bank.transfer('bob', 'carol', 500))
print(bank.transfer('bob', 'carol', 80))
bank.accounts['carol'].frozen = True
for name, amount in [('carol', 5), ('alice', -1), ('dave', 1)]:
    try:
        bank.accounts[name].deposit(amount)
    except (BankError, ValueError) as exc:
        print(type(exc).__name__, exc)
    except KeyError as exc:
        print('no such account', exc)
for line in bank.log:
    print(line)
print(sorted(bank.accounts.values(), key=lambda acc: -acc.balance))
print(bank.accounts['bob'].history)
bank.accounts['alice'].withdraw(1000)
