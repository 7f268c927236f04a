class K:
    def method(self):
        return self.missing
def call():
    return K().method()
call()
