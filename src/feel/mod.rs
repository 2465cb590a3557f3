//! FEEL, the expression language of DMN, as used in service models.
//!
//! Guards, conditions, computed values and fee amounts are FEEL expressions.
//! The parser keeps a span for every node, relative to the start of the
//! expression text, so that the model loader can map any position back into
//! the file the expression was written in. Numbers are exact decimals from
//! the moment they are parsed: a fee never passes through binary floating
//! point.

pub mod ast;
pub mod builtins;
pub mod check;
pub mod decision;
pub mod eval;
pub mod lexer;
pub mod number;
pub mod parser;
pub mod signatures;
pub mod temporal;
pub mod types;
pub mod value;
