//! Unit tests of the judging core.

mod outcome;
mod predict;
mod traffic;
