//! Unit tests of the runner's pure parts.

mod casefile;
mod plan;
mod probe;
mod run;
mod shrink;
