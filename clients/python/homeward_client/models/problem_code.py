from enum import StrEnum


class ProblemCode(StrEnum):
    BAD_REQUEST = "bad_request"
    CONFLICT = "conflict"
    FORBIDDEN = "forbidden"
    HEADERS_TOO_LARGE = "headers_too_large"
    IDEMPOTENCY_IN_PROGRESS = "idempotency_in_progress"
    INTERNAL_ERROR = "internal_error"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    NOT_ALLOWED = "not_allowed"
    NOT_FOUND = "not_found"
    OUT_OF_SCOPE = "out_of_scope"
    TOO_LARGE = "too_large"
    TOO_MANY_REQUESTS = "too_many_requests"
    UNAUTHENTICATED = "unauthenticated"
    UNAVAILABLE = "unavailable"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
