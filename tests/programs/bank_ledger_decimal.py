"""A double-entry ledger with Decimal money, rounding modes and balance checks."""
from decimal import Decimal, ROUND_HALF_UP, ROUND_HALF_EVEN, getcontext, InvalidOperation
from collections import OrderedDict

CENT = Decimal('0.01')


class Ledger:
    def __init__(self):
        self.entries = []
        self.balances = OrderedDict()

    def post(self, description, debit, credit, amount):
        amount = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
        if amount <= 0:
            raise ValueError('amount must be positive: %s' % amount)
        self.entries.append((description, debit, credit, amount))
        self.balances[debit] = self.balances.get(debit, Decimal(0)) + amount
        self.balances[credit] = self.balances.get(credit, Decimal(0)) - amount

    def trial_balance(self):
        return sum(self.balances.values(), Decimal(0))

    def split(self, amount, parts):
        amount = Decimal(amount)
        share = (amount / parts).quantize(CENT, rounding=ROUND_HALF_EVEN)
        shares = [share] * parts
        shares[-1] += amount - share * parts
        return shares


ledger = Ledger()
ledger.post('opening capital', 'cash', 'equity', '1000')
ledger.post('buy stock', 'inventory', 'cash', '333.335')
ledger.post('sale', 'cash', 'revenue', '500.125')
for desc, dr, cr, amt in ledger.entries:
    print('%-16s %-10s %-10s %10s' % (desc, dr, cr, amt))
for account, balance in ledger.balances.items():
    print('%-10s %10s' % (account, balance))
print('trial balance', ledger.trial_balance())
print(ledger.split('100', 3), sum(ledger.split('100', 3)))
try:
    ledger.post('refund', 'revenue', 'cash', '-5')
except ValueError as exc:
    print('error:', exc)
try:
    Decimal('abc')
except InvalidOperation:
    print('invalid decimal')
getcontext().prec = 6
print(Decimal(1) / Decimal(7), Decimal('1.1') + Decimal('2.2'), 1.1 + 2.2)
print(Decimal('2.5').quantize(Decimal('1'), rounding=ROUND_HALF_EVEN), Decimal('3.5').quantize(Decimal('1'), rounding=ROUND_HALF_EVEN))
print(Decimal('10') ** 20, Decimal('-0'), Decimal('1e3').normalize(), Decimal(0.1).as_tuple().exponent)
