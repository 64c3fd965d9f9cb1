//! Types that contain themselves through aliases, in the client generated from
//! `tests/fixtures/recursive-types.yaml` (`tests/clients/recursive-types`): that the
//! crate compiles at all is the first check (each such alias is a newtype, not a
//! `type` that would recurse); these tests check that nested values built in Rust go
//! out as the JSON they stand for, and that nested JSON decodes and encodes back
//! unchanged, through a real request and response.

use std::collections::BTreeMap;

use recursive_types_client::recursive_types::types::{
    Document, Forest, Grove, Inner, JsonValue, Middle, Nested, Node, Outer, Tree,
};
use recursive_types_client::Client;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `{"a": {"b": {}}, "c": {}}` as a `Tree`.
fn tree() -> Tree {
    let leaf = Tree::default;
    let mut a = Tree::default();
    a.insert("b".to_owned(), leaf());
    Tree::from(BTreeMap::from([
        ("a".to_owned(), a),
        ("c".to_owned(), leaf()),
    ]))
}

/// A node with one child that has a child of its own.
fn node() -> Node {
    let mut grandchild = Node::default();
    grandchild.name = Some("grandchild".to_owned());
    let mut child = Node::default();
    child.name = Some("child".to_owned());
    child.children = Some(vec![grandchild]);
    let mut root = Node::default();
    root.name = Some("root".to_owned());
    root.children = Some(vec![child]);
    root
}

/// A document with every recursive shape nested a few levels deep.
fn document() -> Document {
    let mut document = Document::new(tree());
    document.nested = Some(Nested(vec![
        Nested(vec![Nested::default()]),
        Nested::default(),
    ]));
    document.forest = Some(Forest(vec![Grove::from(BTreeMap::from([(
        "oak".to_owned(),
        Forest(vec![Grove::default()]),
    )]))]));
    document.value = Some(JsonValue::JsonMap(BTreeMap::from([
        ("n".to_owned(), JsonValue::Number(1.5)),
        (
            "list".to_owned(),
            JsonValue::JsonList(vec![
                JsonValue::String("x".to_owned()),
                JsonValue::Boolean(true),
                JsonValue::JsonList(vec![]),
            ]),
        ),
    ])));
    document.outer = Some(Outer(Middle(Inner(vec![Outer(Middle(Inner(vec![])))]))));
    document.node = Some(node());
    document.shallow = Some(Nested(vec![Nested::default()]));
    document.anything = Some(json!({"any": ["json", 1]}));
    document
}

/// The JSON [`document`] stands for.
fn document_json() -> Value {
    json!({
        "tree": {"a": {"b": {}}, "c": {}},
        "nested": [[[]], []],
        "forest": [{"oak": [{}]}],
        "value": {"n": 1.5, "list": ["x", true, []]},
        "outer": [[]],
        "node": {
            "name": "root",
            "children": [{"name": "child", "children": [{"name": "grandchild"}]}]
        },
        "shallow": [[]],
        "anything": {"any": ["json", 1]}
    })
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("the client builds")
}

/// A nested document goes out as the JSON it stands for, and the same JSON coming
/// back decodes to an equal value that encodes to that JSON again.
#[tokio::test]
async fn nested_values_go_out_and_come_back_unchanged() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/documents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(document_json()))
        .expect(1)
        .mount(&server)
        .await;

    let sent = document();
    let received = client(&server)
        .recursive_types()
        .put_document(&sent)
        .await
        .expect("the document decodes");

    let requests = server.received_requests().await.expect("requests recorded");
    let body: Value = serde_json::from_slice(&requests[0].body).expect("a JSON body");
    assert_eq!(body, document_json());
    assert_eq!(received, sent);
    assert_eq!(serde_json::to_value(&received).unwrap(), document_json());
}

/// A response whose body is the recursive alias itself decodes, to any depth the
/// JSON decoder allows, and the newtype reads like the map it wraps.
#[tokio::test]
async fn a_deep_tree_decodes_as_the_response_itself() {
    let depth = 100;
    let mut wire = json!({});
    for level in (0..depth).rev() {
        wire = json!({ format!("level{level}"): wire, "leaf": {} });
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/trees"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&wire))
        .mount(&server)
        .await;

    let tree = client(&server)
        .recursive_types()
        .get_tree()
        .await
        .expect("the tree decodes");

    let mut reached = 0;
    let mut at = &tree;
    while let Some(next) = at.get(&format!("level{reached}")) {
        assert_eq!(at.len(), 2, "level {reached} has its child and its leaf");
        at = next;
        reached += 1;
    }
    assert_eq!(reached, depth);
    assert!(at.is_empty());
    assert_eq!(serde_json::to_value(&tree).unwrap(), wire);
}

/// Values of the wrong shape anywhere in the nesting are refused, not coerced.
#[test]
fn a_wrong_shape_deep_inside_is_a_decode_error() {
    for (wire, what) in [
        (json!([[[]], [1]]), "a number inside an array of arrays"),
        (
            json!([{"oak": [{"elm": {}}]}]),
            "a map where the forest needs an array",
        ),
    ] {
        let nested = serde_json::from_value::<Nested>(wire.clone());
        let forest = serde_json::from_value::<Forest>(wire);
        assert!(nested.is_err() && forest.is_err(), "{what} was accepted");
    }
}
