"""Token authentication: POST email and password for a token; DELETE to revoke it."""

from typing import cast

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from acompana.accounts.lockout import normalize_email
from acompana.accounts.models import User
from acompana.api.schema import errors
from acompana.common import audit

# Token first, so that an anonymous call gets 401 with a WWW-Authenticate challenge; a signed-in
# browser session (the API documentation page) still works.
AUTHENTICATION_CLASSES = [TokenAuthentication, SessionAuthentication]


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenView(APIView):
    # Anyone may ask for a token; only its holder may revoke it (anonymous DELETE gets 401).
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [IsAuthenticated]
    throttle_scope = "auth"

    def get_authenticators(self):
        # Asking for a token needs no credentials: a revoked token still sent in the header
        # must not stop a client from getting a new one.
        request = getattr(self, "request", None)  # None while the schema is generated
        if request is not None and request.method == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            **errors(400),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=normalize_email(data.validated_data["email"]),
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": ["Wrong email or password."]})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None, **errors(401)})
    def delete(self, request: Request) -> Response:
        user = cast(User, request.user)  # IsAuthenticated has let only signed-in users through
        deleted, _ = Token.objects.filter(user=user).delete()
        if deleted:
            audit.log("api.token.revoked", actor=user)
        return Response(status=status.HTTP_204_NO_CONTENT)
