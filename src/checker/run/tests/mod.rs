//! Unit tests of the runner's pure parts.

mod casefile;
mod outcome;
mod plan;
mod predict;
mod shrink;
mod target;
