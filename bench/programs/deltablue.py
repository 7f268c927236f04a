"""pyperformance's deltablue: an incremental dataflow constraint solver (chain and projection tests)."""
import sys


class Strength:
    def __init__(self, strength, name):
        self.strength, self.name = strength, name

    @staticmethod
    def stronger(s1, s2):
        return s1.strength < s2.strength

    @staticmethod
    def weaker(s1, s2):
        return s1.strength > s2.strength

    @staticmethod
    def weakest_of(s1, s2):
        return s1 if Strength.weaker(s1, s2) else s2

    def next_weaker(self):
        return STRENGTHS[self.strength + 1]


REQUIRED, STRONG_PREFERRED, PREFERRED, STRONG_DEFAULT, NORMAL, WEAK_DEFAULT, WEAKEST = STRENGTHS = [
    Strength(i, name) for i, name in enumerate(
        ('required', 'strongPreferred', 'preferred', 'strongDefault', 'normal', 'weakDefault', 'weakest'))]


class Constraint:
    def __init__(self, strength):
        self.strength = strength

    def add_constraint(self, planner):
        self.add_to_graph()
        planner.incremental_add(self)

    def satisfy(self, mark, planner):
        self.choose_method(mark)
        if not self.is_satisfied():
            if self.strength is REQUIRED:
                print('Could not satisfy a required constraint!')
            return None
        self.mark_inputs(mark)
        out = self.output()
        overridden = out.determined_by
        if overridden is not None:
            overridden.mark_unsatisfied()
        out.determined_by = self
        if not planner.add_propagate(self, mark):
            print('Cycle encountered')
        out.mark = mark
        return overridden

    def destroy_constraint(self, planner):
        if self.is_satisfied():
            planner.incremental_remove(self)
        else:
            self.remove_from_graph()

    def is_input(self):
        return False


class UnaryConstraint(Constraint):
    def __init__(self, v, strength, planner):
        Constraint.__init__(self, strength)
        self.my_output = v
        self.satisfied = False
        self.add_constraint(planner)

    def add_to_graph(self):
        self.my_output.add_constraint(self)
        self.satisfied = False

    def choose_method(self, mark):
        self.satisfied = (self.my_output.mark != mark
                          and Strength.stronger(self.strength, self.my_output.walk_strength))

    def is_satisfied(self):
        return self.satisfied

    def mark_inputs(self, mark):
        pass

    def output(self):
        return self.my_output

    def recalculate(self):
        self.my_output.walk_strength = self.strength
        self.my_output.stay = not self.is_input()
        if self.my_output.stay:
            self.execute()

    def mark_unsatisfied(self):
        self.satisfied = False

    def inputs_known(self, mark):
        return True

    def remove_from_graph(self):
        if self.my_output is not None:
            self.my_output.remove_constraint(self)
            self.satisfied = False


class StayConstraint(UnaryConstraint):
    def execute(self):
        pass


class EditConstraint(UnaryConstraint):
    def is_input(self):
        return True

    def execute(self):
        pass


NONE, FORWARD, BACKWARD = 0, 1, 2


class BinaryConstraint(Constraint):
    def __init__(self, v1, v2, strength, planner):
        Constraint.__init__(self, strength)
        self.v1, self.v2 = v1, v2
        self.direction = NONE
        self.add_constraint(planner)

    def choose_method(self, mark):
        if self.v1.mark == mark:
            ok = self.v2.mark != mark and Strength.stronger(self.strength, self.v2.walk_strength)
            self.direction = FORWARD if ok else NONE
        if self.v2.mark == mark:
            ok = self.v1.mark != mark and Strength.stronger(self.strength, self.v1.walk_strength)
            self.direction = BACKWARD if ok else NONE
        if Strength.weaker(self.v1.walk_strength, self.v2.walk_strength):
            ok = Strength.stronger(self.strength, self.v1.walk_strength)
            self.direction = BACKWARD if ok else NONE
        else:
            ok = Strength.stronger(self.strength, self.v2.walk_strength)
            self.direction = FORWARD if ok else BACKWARD

    def add_to_graph(self):
        self.v1.add_constraint(self)
        self.v2.add_constraint(self)
        self.direction = NONE

    def is_satisfied(self):
        return self.direction != NONE

    def mark_inputs(self, mark):
        self.input().mark = mark

    def input(self):
        return self.v1 if self.direction == FORWARD else self.v2

    def output(self):
        return self.v2 if self.direction == FORWARD else self.v1

    def recalculate(self):
        ihn, out = self.input(), self.output()
        out.walk_strength = Strength.weakest_of(self.strength, ihn.walk_strength)
        out.stay = ihn.stay
        if out.stay:
            self.execute()

    def mark_unsatisfied(self):
        self.direction = NONE

    def inputs_known(self, mark):
        i = self.input()
        return i.mark == mark or i.stay or i.determined_by is None

    def remove_from_graph(self):
        if self.v1 is not None:
            self.v1.remove_constraint(self)
        if self.v2 is not None:
            self.v2.remove_constraint(self)
        self.direction = NONE


class ScaleConstraint(BinaryConstraint):
    def __init__(self, src, scale, offset, dest, strength, planner):
        self.direction = NONE
        self.scale, self.offset = scale, offset
        BinaryConstraint.__init__(self, src, dest, strength, planner)

    def add_to_graph(self):
        BinaryConstraint.add_to_graph(self)
        self.scale.add_constraint(self)
        self.offset.add_constraint(self)

    def remove_from_graph(self):
        BinaryConstraint.remove_from_graph(self)
        if self.scale is not None:
            self.scale.remove_constraint(self)
        if self.offset is not None:
            self.offset.remove_constraint(self)

    def mark_inputs(self, mark):
        BinaryConstraint.mark_inputs(self, mark)
        self.scale.mark = self.offset.mark = mark

    def execute(self):
        if self.direction == FORWARD:
            self.v2.value = self.v1.value * self.scale.value + self.offset.value
        else:
            self.v1.value = (self.v2.value - self.offset.value) / self.scale.value

    def recalculate(self):
        ihn, out = self.input(), self.output()
        out.walk_strength = Strength.weakest_of(self.strength, ihn.walk_strength)
        out.stay = ihn.stay and self.scale.stay and self.offset.stay
        if out.stay:
            self.execute()


class EqualityConstraint(BinaryConstraint):
    def execute(self):
        self.output().value = self.input().value


class Variable:
    def __init__(self, name, initial_value=0):
        self.name, self.value = name, initial_value
        self.constraints = []
        self.determined_by = None
        self.mark = 0
        self.walk_strength = WEAKEST
        self.stay = True

    def add_constraint(self, constraint):
        self.constraints.append(constraint)

    def remove_constraint(self, constraint):
        self.constraints.remove(constraint)
        if self.determined_by is constraint:
            self.determined_by = None


class Planner:
    def __init__(self):
        self.current_mark = 0

    def incremental_add(self, constraint):
        mark = self.new_mark()
        overridden = constraint.satisfy(mark, self)
        while overridden is not None:
            overridden = overridden.satisfy(mark, self)

    def incremental_remove(self, constraint):
        out = constraint.output()
        constraint.mark_unsatisfied()
        constraint.remove_from_graph()
        unsatisfied = self.remove_propagate_from(out)
        strength = REQUIRED
        while True:
            for u in unsatisfied:
                if u.strength is strength:
                    self.incremental_add(u)
            strength = strength.next_weaker()
            if strength is WEAKEST:
                break

    def new_mark(self):
        self.current_mark += 1
        return self.current_mark

    def make_plan(self, sources):
        mark = self.new_mark()
        plan = []
        todo = sources
        while todo:
            c = todo.pop(0)
            if c.output().mark != mark and c.inputs_known(mark):
                plan.append(c)
                c.output().mark = mark
                self.add_constraints_consuming_to(c.output(), todo)
        return plan

    def extract_plan_from_constraints(self, constraints):
        return self.make_plan([c for c in constraints if c.is_input() and c.is_satisfied()])

    def add_propagate(self, c, mark):
        todo = [c]
        while todo:
            d = todo.pop(0)
            if d.output().mark == mark:
                self.incremental_remove(c)
                return False
            d.recalculate()
            self.add_constraints_consuming_to(d.output(), todo)
        return True

    def remove_propagate_from(self, out):
        out.determined_by = None
        out.walk_strength = WEAKEST
        out.stay = True
        unsatisfied = []
        todo = [out]
        while todo:
            v = todo.pop(0)
            for c in v.constraints:
                if not c.is_satisfied():
                    unsatisfied.append(c)
            determining = v.determined_by
            for next_c in v.constraints:
                if next_c is not determining and next_c.is_satisfied():
                    next_c.recalculate()
                    todo.append(next_c.output())
        return unsatisfied

    def add_constraints_consuming_to(self, v, coll):
        determining = v.determined_by
        for c in v.constraints:
            if c is not determining and c.is_satisfied():
                coll.append(c)


def execute_plan(plan):
    for constraint in plan:
        constraint.execute()


def chain_test(n):
    """A chain of equality constraints; edits at one end propagate to the other."""
    planner = Planner()
    variables = [Variable('v%s' % i) for i in range(n + 1)]
    for i in range(n):
        EqualityConstraint(variables[i], variables[i + 1], REQUIRED, planner)
    StayConstraint(variables[-1], STRONG_DEFAULT, planner)
    edit = EditConstraint(variables[0], PREFERRED, planner)
    plan = planner.extract_plan_from_constraints([edit])
    wrong = 0
    for i in range(100):
        variables[0].value = i
        execute_plan(plan)
        wrong += variables[-1].value != i
    edit.destroy_constraint(planner)
    return wrong


def change(planner, v, new_value):
    edit = EditConstraint(v, PREFERRED, planner)
    plan = planner.extract_plan_from_constraints([edit])
    for _ in range(10):
        v.value = new_value
        execute_plan(plan)
    edit.destroy_constraint(planner)


def projection_test(n):
    """Scale constraints between two sets of variables, edited from both sides."""
    planner = Planner()
    scale, offset = Variable('scale', 10), Variable('offset', 1000)
    src = dst = None
    dests = []
    for i in range(n):
        src, dst = Variable('src%s' % i, i), Variable('dst%s' % i, i)
        dests.append(dst)
        StayConstraint(src, NORMAL, planner)
        ScaleConstraint(src, scale, offset, dst, REQUIRED, planner)
    wrong = 0
    change(planner, src, 17)
    wrong += dst.value != 1170
    change(planner, dst, 1050)
    wrong += src.value != 5
    change(planner, scale, 5)
    wrong += sum(dests[i].value != i * 5 + 1000 for i in range(n - 1))
    change(planner, offset, 2000)
    wrong += sum(dests[i].value != i * 5 + 2000 for i in range(n - 1))
    return wrong, planner.current_mark


def main(n, rounds):
    results = []
    for _ in range(rounds):
        results.append((chain_test(n), projection_test(n)))
    print(results[-1], len(results))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, 2)
