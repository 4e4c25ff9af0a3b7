//! Faults injected on request: tests choose, per request, how the "network" or the
//! "service" misbehaves.
//!
//! A rule is JSON such as `{"kind": "close_after_commit", "operation": "xmlszamla",
//! "agent_key": "…", "count": 1}`: `operation` (a form field like
//! `action-xmlagentxmlfile` or a root like `xmlszamla`) and `agent_key` narrow which
//! requests it hits, `count` is how many it hits (absent: every one). The first matching
//! rule applies.

use serde::{Deserialize, Serialize};

/// What goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Process the request, then wait `ms` before answering (the document exists while
    /// the client waits: a client that gives up must reconcile).
    Delay { ms: u64 },
    /// Close the connection without processing the request or answering.
    CloseBeforeAnswer,
    /// Process the request (the invoice is created and stored), then close the
    /// connection without answering: the lost answer.
    CloseAfterCommit,
    /// Answer with this HTTP status and a short HTML page, without processing.
    HttpStatus { status: u16 },
    /// Answer 200 with an HTML page (a proxy or login page), without processing.
    HtmlPage,
    /// Process the request, then answer with only the first half of the body.
    TruncatedXml,
    /// Answer code 1 with a `szlahu_down` header (maintenance), without processing.
    Maintenance,
}

impl Fault {
    /// Faults that only exist on a socket (the in-process `handle` leaves them alone).
    pub fn is_transport(&self) -> bool {
        matches!(
            self,
            Self::Delay { .. } | Self::CloseBeforeAnswer | Self::CloseAfterCommit
        )
    }
}

/// A fault with the requests it targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    #[serde(flatten)]
    pub fault: Fault,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// What a request looks like to the fault matcher.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub form_field: &'a str,
    pub root: &'a str,
    pub agent_key: Option<&'a str>,
}

impl FaultRule {
    fn matches(&self, target: &Target<'_>) -> bool {
        let operation = self
            .operation
            .as_deref()
            .is_none_or(|op| op == target.form_field || op == target.root);
        let key = self
            .agent_key
            .as_deref()
            .is_none_or(|key| Some(key) == target.agent_key);
        operation && key
    }
}

/// The active rules, in the order they were added.
#[derive(Debug, Default)]
pub struct FaultPlan {
    rules: Vec<FaultRule>,
}

impl FaultPlan {
    pub fn add(&mut self, rules: impl IntoIterator<Item = FaultRule>) {
        self.rules.extend(rules);
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    pub fn rules(&self) -> &[FaultRule] {
        &self.rules
    }

    /// Takes the first rule matching `target` (among transport faults too only when
    /// `with_transport`), spending one of its uses.
    pub fn take(&mut self, target: &Target<'_>, with_transport: bool) -> Option<Fault> {
        let index = self.rules.iter().position(|rule| {
            (with_transport || !rule.fault.is_transport()) && rule.matches(target)
        })?;
        let rule = &mut self.rules[index];
        let fault = rule.fault.clone();
        if let Some(count) = rule.count.as_mut() {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.rules.remove(index);
            }
        }
        Some(fault)
    }
}

/// Reads one rule or an array of rules.
pub fn parse_rules(body: &[u8]) -> Result<Vec<FaultRule>, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))?;
    let rules = match value {
        serde_json::Value::Array(items) => items,
        single => vec![single],
    };
    rules
        .into_iter()
        .map(|rule| serde_json::from_value(rule).map_err(|e| format!("invalid fault rule: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_rules_expire_and_targets_filter() {
        let mut plan = FaultPlan::default();
        plan.add(parse_rules(br#"[{"kind":"maintenance","operation":"xmlszamla","count":1},{"kind":"delay","ms":5}]"#).unwrap());
        let invoice = Target {
            form_field: "action-xmlagentxmlfile",
            root: "xmlszamla",
            agent_key: None,
        };
        let pdf = Target {
            form_field: "action-szamla_agent_pdf",
            root: "xmlszamlapdf",
            agent_key: None,
        };
        assert_eq!(plan.take(&pdf, false), None);
        assert_eq!(plan.take(&invoice, true), Some(Fault::Maintenance));
        assert_eq!(plan.take(&invoice, true), Some(Fault::Delay { ms: 5 }));
        assert_eq!(plan.rules().len(), 1);
        assert!(parse_rules(b"{\"kind\":\"nope\"}").is_err());
    }
}
