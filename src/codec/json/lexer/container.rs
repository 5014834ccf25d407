//! Tokens and the container stack: `SetToken`, `Push`/`Pop`, state transitions, MaxDepth.

use super::{Container, Fault, FaultKind, Frame, Reader, State, Token, Val};

impl Reader<'_> {
    /// `SetToken(token, value, updateIndex)`.
    pub(super) fn set_token(
        &mut self,
        token: Token,
        value: Val,
        update_index: bool,
    ) -> Result<(), Fault> {
        self.token = token;
        self.value = value;
        self.after_comma = None;
        match token {
            Token::StartObject => {
                self.state = State::ObjectStart;
                self.push(Container::Object)?;
            }
            Token::StartArray => {
                self.state = State::ArrayStart;
                self.push(Container::Array)?;
            }
            Token::StartConstructor => {
                self.state = State::ConstructorStart;
                self.push(Container::Constructor)?;
            }
            Token::EndObject => self.validate_end(Container::Object, token)?,
            Token::EndArray => self.validate_end(Container::Array, token)?,
            Token::EndConstructor => self.validate_end(Container::Constructor, token)?,
            Token::PropertyName => {
                self.state = State::Property;
                if let Val::Str(name) = &self.value {
                    self.current.name = Some(name.clone());
                }
            }
            Token::Undefined
            | Token::Integer
            | Token::Float
            | Token::Boolean
            | Token::Null
            | Token::Date
            | Token::String => self.set_post_value_state(update_index),
            Token::None | Token::Comment => {}
        }
        Ok(())
    }

    pub(super) fn set_post_value_state(&mut self, update_index: bool) {
        self.state = if self.current.kind == Container::None {
            State::Finished
        } else {
            State::PostValue
        };
        if update_index {
            self.update_scope_with_finished_value();
        }
    }

    pub(super) fn update_scope_with_finished_value(&mut self) {
        if self.current.has_index() {
            self.current.index += 1;
        }
    }

    pub(super) fn push(&mut self, kind: Container) -> Result<(), Fault> {
        self.update_scope_with_finished_value();
        if self.current.kind == Container::None {
            self.current = Frame::new(kind);
            return Ok(());
        }
        let parent = std::mem::replace(&mut self.current, Frame::new(kind));
        self.stack.push(parent);
        if self.depth() + 1 > self.max_depth && !self.exceeded_max_depth {
            self.exceeded_max_depth = true;
            return Err(self.fault(
                FaultKind::TooDeep,
                format!(
                    "The reader's MaxDepth of {} has been exceeded.",
                    self.max_depth
                ),
            ));
        }
        Ok(())
    }

    pub(super) fn pop(&mut self) -> Container {
        let old = match self.stack.pop() {
            Some(parent) => std::mem::replace(&mut self.current, parent),
            None => std::mem::replace(&mut self.current, Frame::new(Container::None)),
        };
        if self.depth() <= self.max_depth {
            self.exceeded_max_depth = false;
        }
        old.kind
    }

    pub(super) fn validate_end(&mut self, expected: Container, token: Token) -> Result<(), Fault> {
        let closed = self.pop();
        if closed != expected {
            return Err(self.fault(
                FaultKind::Syntax,
                format!(
                    "JsonToken {} is not valid for closing JsonType {}.",
                    token.name(),
                    closed.name()
                ),
            ));
        }
        self.state = if self.current.kind == Container::None {
            State::Finished
        } else {
            State::PostValue
        };
        Ok(())
    }

    pub(super) fn set_state_based_on_current(&mut self) {
        self.state = match self.current.kind {
            Container::Object => State::Object,
            Container::Array => State::Array,
            Container::Constructor => State::Constructor,
            Container::None => State::Finished,
        };
    }
}
