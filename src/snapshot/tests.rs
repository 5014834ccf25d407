//! Unit tests of the snapshot module.
