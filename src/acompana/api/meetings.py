"""How participants join a meeting held at a distance (``common.meetings``), over the API: the
one serializer of the training sessions' and group sessions' ``meeting`` actions."""

from rest_framework import serializers

from acompana.common.meetings import MAX_DIAL_IN_CHARS, Platform


class JoinMeetingSerializer(serializers.Serializer):
    meeting_platform = serializers.ChoiceField(
        choices=[("", "—"), *Platform.choices], required=False, allow_blank=True
    )
    join_url = serializers.URLField(
        required=False, allow_blank=True, max_length=500, help_text="An https address."
    )
    meeting_code = serializers.CharField(required=False, allow_blank=True, max_length=100)
    passcode = serializers.CharField(required=False, allow_blank=True, max_length=100)
    dial_in = serializers.CharField(required=False, allow_blank=True, max_length=MAX_DIAL_IN_CHARS)
