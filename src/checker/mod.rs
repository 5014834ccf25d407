//! checker (to be written).
