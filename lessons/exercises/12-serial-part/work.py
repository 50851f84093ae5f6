# The work of exercise 12: each chunk of data is prepared (parsed, cleaned),
# then analysed. Preparing costs far more than analysing.
CHUNKS = list(range(8))

def prepare(chunk):
    base = chunk * 100_000
    return [sum((base + i) * k % 10007 for k in range(40)) for i in range(50_000)]  # about 0.1 s of CPU here

def analyse(values):
    return max(values) - min(values)  # about a millisecond
