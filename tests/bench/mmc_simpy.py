#!/usr/bin/python3
"""The SimPy 3 peer of bench_sim: the same M/M/c queue (lambda = 4.5/h,
mu = 1/h, c = 6) written the idiomatic SimPy way -- a Resource, one process
per customer -- with the same statistics kept by streaming sums (mean wait,
mean cycle time).  Prints one line: cases, seconds, cases per second, and
the mean wait so that both simulators can be seen to agree.

usage: mmc_simpy.py CASES [SEED]
"""
import random
import sys
import time

import simpy

LAM, MU, C = 4.5, 1.0, 6


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    env = simpy.Environment()
    staff = simpy.Resource(env, capacity=C)
    stats = {"done": 0, "wait": 0.0, "cycle": 0.0}

    def customer():
        t0 = env.now
        with staff.request() as req:
            yield req
            stats["wait"] += env.now - t0
            yield env.timeout(rng.expovariate(MU))
        stats["cycle"] += env.now - t0
        stats["done"] += 1

    def arrivals():
        for _ in range(n):
            yield env.timeout(rng.expovariate(LAM))
            env.process(customer())

    env.process(arrivals())
    t0 = time.perf_counter()
    env.run()
    dt = time.perf_counter() - t0
    done = stats["done"]
    print("simpy: %d cases in %.2f s, %.0f cases/s, mean wait %.4f h, mean cycle %.4f h"
          % (done, dt, done / dt, stats["wait"] / done, stats["cycle"] / done))


if __name__ == "__main__":
    main()
