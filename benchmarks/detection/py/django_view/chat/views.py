import json

import anthropic
from django.http import JsonResponse
from django.views.decorators.http import require_POST

client = anthropic.Anthropic()


@require_POST
def ask(request):  # expect: KL008
    data = json.loads(request.body)
    text = data["text"]
    response = client.messages.create(  # expect: KL004, KL005
        model="claude-sonnet-4-5",
        max_tokens=300,
        messages=[{"role": "user", "content": text}],
    )
    return JsonResponse({"reply": response.content[0].text})
