"""Calls a running `gwpipe serve Tests/SDK/gateway.gwpipe` with the unmodified `openai` SDK.

Usage: python openai_client.py PORT

Exits 0 when every check passes; otherwise prints which check failed and why, and exits 1.
Run by Tests/GWCLITests/PythonSDKTests.swift with the venv `.ci/run` sets up (.venv-sdk).
"""

import sys
import traceback

import openai

KEY = "sk-gw-sdk-openai-0001"
WRONG_KEY = "sk-gw-sdk-wrong-0000"
TIMEOUT = 10.0


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def client(port, key=KEY):
    return openai.OpenAI(
        api_key=key, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0, timeout=TIMEOUT
    )


MESSAGES = [{"role": "user", "content": "Say hello through the gateway."}]


def check_usage(usage, what):
    expect(usage is not None, f"{what}: no usage in the answer")
    expect(usage.prompt_tokens > 0, f"{what}: usage.prompt_tokens is {usage.prompt_tokens}")
    expect(usage.completion_tokens >= 0, f"{what}: usage.completion_tokens is {usage.completion_tokens}")
    expect(
        usage.total_tokens == usage.prompt_tokens + usage.completion_tokens,
        f"{what}: usage.total_tokens {usage.total_tokens} != prompt {usage.prompt_tokens} + completion {usage.completion_tokens}",
    )


def chat(port):
    raw = client(port).chat.completions.with_raw_response.create(model="gpt-4o", messages=MESSAGES)
    expect(raw.status_code == 200, f"status {raw.status_code}")
    expect(raw.headers.get("x-gwpipe-route") == "chat", f"x-gwpipe-route is {raw.headers.get('x-gwpipe-route')!r}")
    expect(
        raw.headers.get("x-gwpipe-upstream") == "openai_mock",
        f"x-gwpipe-upstream is {raw.headers.get('x-gwpipe-upstream')!r}",
    )
    completion = raw.parse()
    expect(completion.object == "chat.completion", f"object is {completion.object!r}")
    expect(completion.model == "gpt-4o", f"model is {completion.model!r}, expected the requested 'gpt-4o'")
    expect(len(completion.choices) == 1, f"{len(completion.choices)} choices")
    choice = completion.choices[0]
    expect(choice.message.role == "assistant", f"role is {choice.message.role!r}")
    expect(choice.message.content, f"content is empty: {choice.message.content!r}")
    expect(choice.finish_reason == "stop", f"finish_reason is {choice.finish_reason!r}")
    check_usage(completion.usage, "chat")
    return f"{completion.model}: {choice.message.content!r}"


def chat_rewritten(port):
    completion = client(port).chat.completions.create(model="sdk-alias", messages=MESSAGES)
    expect(
        completion.model == "gpt-4o-mini",
        f"model is {completion.model!r}, expected 'gpt-4o-mini' (the route rewrites sdk-alias)",
    )
    expect(completion.choices[0].message.content, "content is empty")
    return completion.model


def chat_stream(port):
    stream = client(port).chat.completions.create(
        model="gpt-4o", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    parts, models, finish, usage, chunks = [], set(), None, None, 0
    for chunk in stream:
        chunks += 1
        expect(chunk.object == "chat.completion.chunk", f"chunk object is {chunk.object!r}")
        models.add(chunk.model)
        for choice in chunk.choices:
            if choice.delta.content:
                parts.append(choice.delta.content)
            if choice.finish_reason:
                finish = choice.finish_reason
        if chunk.usage is not None:
            usage = chunk.usage
    text = "".join(parts)
    expect(chunks >= 3, f"only {chunks} chunks")
    expect(text, "the streamed deltas assemble into empty text")
    expect(models == {"gpt-4o"}, f"chunk models are {models}, expected {{'gpt-4o'}}")
    expect(finish == "stop", f"finish_reason is {finish!r}")
    check_usage(usage, "chat stream")
    return f"{chunks} chunks: {text!r}"


def chat_stream_rewritten(port):
    stream = client(port).chat.completions.create(model="sdk-alias", messages=MESSAGES, stream=True)
    models, text = set(), ""
    for chunk in stream:
        models.add(chunk.model)
        for choice in chunk.choices:
            text += choice.delta.content or ""
    expect(models == {"gpt-4o-mini"}, f"chunk models are {models}, expected {{'gpt-4o-mini'}}")
    expect(text, "empty streamed text")
    return "gpt-4o-mini"


def chat_stream_helper(port):
    # The SDK's accumulating helper: it rebuilds a ChatCompletion from the SSE chunks.
    with client(port).chat.completions.stream(model="gpt-4o", messages=MESSAGES) as stream:
        deltas = "".join(event.delta for event in stream if event.type == "content.delta")
        final = stream.get_final_completion()
    content = final.choices[0].message.content
    expect(content, "the final completion has empty content")
    expect(deltas == content, f"content.delta events {deltas!r} != final content {content!r}")
    expect(final.model == "gpt-4o", f"final model is {final.model!r}")
    return repr(content)


def completions(port):
    completion = client(port).completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hello")
    expect(completion.object == "text_completion", f"object is {completion.object!r}")
    expect(completion.model == "gpt-3.5-turbo-instruct", f"model is {completion.model!r}")
    expect(completion.choices and completion.choices[0].text, "empty completion text")
    check_usage(completion.usage, "completions")
    return repr(completion.choices[0].text)


def embeddings(port):
    # No encoding_format: the SDK asks for base64 and must still read the answer.
    for kwargs in ({}, {"encoding_format": "float"}):
        result = client(port).embeddings.create(model="text-embedding-3-small", input="hello", **kwargs)
        expect(result.object == "list", f"{kwargs}: object is {result.object!r}")
        expect(result.model == "text-embedding-3-small", f"{kwargs}: model is {result.model!r}")
        expect(len(result.data) == 1, f"{kwargs}: {len(result.data)} embeddings")
        vector = result.data[0].embedding
        expect(
            isinstance(vector, list) and vector and all(isinstance(x, float) for x in vector),
            f"{kwargs}: embedding is not a list of floats: {vector!r}",
        )
        expect(result.usage.prompt_tokens > 0, f"{kwargs}: usage.prompt_tokens is {result.usage.prompt_tokens}")
    return f"{len(vector)} floats"


def models(port):
    ids = [model.id for model in client(port).models.list()]
    expect("gpt-4o-mini" in ids, f"model ids are {ids}")
    return ", ".join(ids)


def wrong_key(port):
    bad = client(port, WRONG_KEY)
    for name, call in (
        ("chat", lambda: bad.chat.completions.create(model="gpt-4o", messages=MESSAGES)),
        ("chat stream", lambda: list(bad.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True))),
        ("models", lambda: list(bad.models.list())),
    ):
        try:
            call()
        except openai.AuthenticationError as error:
            expect(error.status_code == 401, f"{name}: status {error.status_code}")
            expect(error.code == "invalid_api_key", f"{name}: error code {error.code!r}")
        else:
            raise CheckFailed(f"{name}: a wrong key did not raise openai.AuthenticationError")
    return "AuthenticationError (401)"


CHECKS = [
    chat,
    chat_rewritten,
    chat_stream,
    chat_stream_rewritten,
    chat_stream_helper,
    completions,
    embeddings,
    models,
    wrong_key,
]


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        print("usage: openai_client.py PORT", file=sys.stderr)
        return 2
    port = int(sys.argv[1])
    print(f"openai {openai.__version__} -> http://127.0.0.1:{port}/v1")
    failed = 0
    for check in CHECKS:
        try:
            detail = str(check(port))
            print(f"ok   {check.__name__}: {detail if len(detail) <= 100 else detail[:97] + '...'}")
        except CheckFailed as error:
            failed += 1
            print(f"FAIL {check.__name__}: {error}")
        except Exception as error:  # an SDK error: show the request that broke
            failed += 1
            print(f"FAIL {check.__name__}: {type(error).__name__}: {error}")
            traceback.print_exc(file=sys.stdout)
    if failed:
        print(f"openai SDK: {failed} of {len(CHECKS)} checks failed")
        return 1
    print(f"openai SDK: all {len(CHECKS)} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
