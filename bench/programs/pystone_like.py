"""A pystone-like mix: records, method calls, attribute access, string and array operations."""
import sys

IDENT_1, IDENT_2, IDENT_3, IDENT_4, IDENT_5 = range(1, 6)


class Record:
    def __init__(self, ptr_comp=None, discr=0, enum_comp=0, int_comp=0, string_comp=''):
        self.ptr_comp = ptr_comp
        self.discr = discr
        self.enum_comp = enum_comp
        self.int_comp = int_comp
        self.string_comp = string_comp

    def copy(self):
        return Record(self.ptr_comp, self.discr, self.enum_comp, self.int_comp, self.string_comp)


class Machine:
    def __init__(self):
        self.int_glob = 0
        self.bool_glob = False
        self.char1 = '\0'
        self.char2 = '\0'
        self.array1 = [0] * 51
        self.array2 = [x[:] for x in [self.array1] * 51]
        self.ptr_glb = Record()
        self.ptr_glb.ptr_comp = Record()
        self.ptr_glb.discr = IDENT_1
        self.ptr_glb.enum_comp = IDENT_3
        self.ptr_glb.int_comp = 40
        self.ptr_glb.string_comp = 'DHRYSTONE PROGRAM, SOME STRING'

    def proc1(self, ptr):
        ptr.ptr_comp = next_record = self.ptr_glb.copy()
        ptr.int_comp = 5
        next_record.int_comp = ptr.int_comp
        next_record.ptr_comp = ptr.ptr_comp
        next_record.ptr_comp = self.proc3(next_record.ptr_comp)
        if next_record.discr == IDENT_1:
            next_record.int_comp = 6
            next_record.enum_comp = self.proc6(ptr.enum_comp)
            next_record.ptr_comp = self.ptr_glb.ptr_comp
            next_record.int_comp = self.proc7(next_record.int_comp, 10)
        else:
            ptr = next_record.copy()
        next_record.ptr_comp = None
        return ptr

    def proc2(self, value):
        loc = value + 10
        while True:
            if self.char1 == 'A':
                loc -= 1
                value = loc - self.int_glob
                return value
            return value

    def proc3(self, ptr):
        if self.ptr_glb is not None:
            ptr = self.ptr_glb.ptr_comp
        else:
            self.int_glob = 100
        self.ptr_glb.int_comp = self.proc7(10, self.int_glob)
        return ptr

    def proc6(self, enum):
        result = enum
        if enum != IDENT_3:
            result = IDENT_4
        if enum == IDENT_1:
            result = IDENT_1
        elif enum == IDENT_2:
            result = IDENT_1 if self.int_glob > 100 else IDENT_4
        elif enum == IDENT_5:
            result = IDENT_3
        return result

    def proc7(self, a, b):
        return a + 2 + b

    def proc8(self, array1, array2, a, b):
        loc = a + 5
        array1[loc] = b
        array1[loc + 1] = array1[loc]
        array1[loc + 30] = loc
        for index in range(loc, loc + 2):
            array2[loc][index] = loc
        array2[loc][loc - 1] += 1
        array2[loc + 20][loc] = array1[loc]
        self.int_glob = 5

    def func2(self, s1, s2):
        loc = 1
        while loc <= 1:
            if s1[loc] != s2[loc + 1]:
                loc += 1
        return s1 > s2

    def run(self, loops):
        total = 0
        for i in range(loops):
            self.char1 = 'A'
            int1, int2 = 2, 3
            s1 = 'DHRYSTONE PROGRAM, 1\'ST STRING'
            s2 = 'DHRYSTONE PROGRAM, 2\'ND STRING'
            self.bool_glob = not self.func2(s1, s2)
            while int1 < int2:
                int3 = 5 * int1 - int2
                int3 = self.proc7(int1, int2)
                int1 += 1
            self.proc8(self.array1, self.array2, int1, int3)
            self.ptr_glb = self.proc1(self.ptr_glb)
            int2 = int2 * int1
            int1 = int2 // int3
            int2 = 7 * (int2 - int3) - int1
            int1 = self.proc2(int1)
            total += int1 + int2 + int3
        return total


n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
print(Machine().run(n))
