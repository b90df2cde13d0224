"""Issue 15 (4): /api/openapi.json documents, for every operation, the error answers it can give, each with the one
error schema (`ErrorOut`), so a calling system's generated client knows them."""

import pytest

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ErrorOut"


@pytest.fixture
def schema(client):
    return client.get("/api/openapi.json").json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", path, operation


def documents(operation, status: int) -> bool:
    response = operation["responses"].get(str(status))
    return response is not None and response["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}


def test_every_operation_documents_422_and_500(schema):
    found = list(operations(schema))
    assert len(found) > 30
    for name, _path, operation in found:
        assert documents(operation, 422), name
        assert documents(operation, 500), name
        if "requestBody" in operation:
            assert documents(operation, 400), name


def test_authenticated_operations_document_401_403_and_429(schema):
    for name, path, operation in operations(schema):
        if path.startswith("/api/reference/"):
            assert not operation.get("security"), name
            continue
        assert operation.get("security"), f"{name} is not authenticated"
        for status in (401, 403, 429):
            assert documents(operation, status), (name, status)


def test_detail_routes_document_404(schema):
    for name, path, operation in operations(schema):
        if "{" in path:
            assert documents(operation, 404), name


def test_error_schema_is_the_shape_the_api_answers(client, schema):
    components = schema["components"]["schemas"]
    assert components["ErrorOut"]["required"] == ["error"]
    body = components[components["ErrorOut"]["properties"]["error"]["$ref"].rsplit("/", 1)[1]]
    answer = client.get("/api/people").json()
    assert set(body["properties"]) == set(answer["error"]) == {"code", "message", "fields"}
