//! The JSON API as people read it on `/developers`: made by the server
//! from its OpenAPI document, so the page and the document cannot differ.

/// One route of the API.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiOperation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub params: Vec<ApiParam>,
    /// Status code and what it means.
    pub responses: Vec<(String, String)>,
    pub example: Option<ApiExample>,
}

/// A request (path and query) and the answer it gets, as JSON.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiExample {
    pub request: String,
    pub answer: String,
}

/// Prose from the API's document, where `backticks` mark code: the parts
/// in order, each with whether it is code.
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    // An odd backtick out is text, not the start of code never closed.
    if text.matches('`').count() % 2 == 1 {
        return vec![(false, text)];
    }
    text.split('`').enumerate().filter(|(_, part)| !part.is_empty()).map(|(i, part)| (i % 2 == 1, part)).collect()
}

#[cfg(test)]
mod tests {
    use super::code_spans;

    #[test]
    fn backticks_mark_code_and_an_odd_one_is_text() {
        assert_eq!(code_spans("`next_cursor` of the page before."), [(true, "next_cursor"), (false, " of the page before.")]);
        assert_eq!(code_spans("plain"), [(false, "plain")]);
        assert_eq!(code_spans("a ` b"), [(false, "a ` b")]);
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiParam {
    pub name: String,
    pub required: bool,
    /// What values it takes, in short ("integer, 1 to 500").
    pub values: String,
    pub description: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiReference {
    pub title: String,
    pub description: String,
    pub operations: Vec<ApiOperation>,
}
