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
