//! Integration tests of the collector against the moto emulator behind the test kit's gap
//! endpoint. One binary, so all tests share one emulator (the read-only test starts its own).

mod alerting;
mod boundaries;
mod faults;
mod fresh;
mod guardrails;
mod organization;
mod read_only;
mod resource_policies;
mod scaling;
mod seed;
mod seeded;
mod test_support;
mod trails;
