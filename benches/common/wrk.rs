//! wrk helpers (filled below).
