#!/bin/sh
# Benchmark of `rampart events`' search at CloudTrail's real limit (2 requests per second per
# Region) against the test kit's emulator, under a token bucket and under a strict "2 in any one
# second" window: 1,000 events from one Region, then from four at once. Prints the wall time of
# each against the 9.5 s floor the limit sets, as a ratio; fails if an event is lost or repeated
# or throttling reaches the caller.
set -eu
cd "$(dirname "$0")/.."
exec cargo bench -p rampart-aws --bench events "$@"
