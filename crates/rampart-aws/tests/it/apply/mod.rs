//! Integration tests of plan and apply against the moto emulator behind the test kit's gap
//! endpoint: convergence from several starting points, read-back of what was written, faults.

mod converge;
mod cost_alerts;
mod faults;
mod public_access;
mod test_support;
