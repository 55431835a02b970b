import { NextResponse, type NextRequest } from "next/server";
import { MAX_JSON_BYTES, parseJsonText, readLimitedText } from "@/lib/api/body";
import { signInJsonBody } from "@/lib/api/contract/session";
import { authenticate } from "@/lib/auth/guard";
import { safeNextPath } from "@/lib/auth/next-path";
import { rejectRevokedSession, revokeSession, sessionOf } from "@/lib/auth/revocation";
import { SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/session";
import { signIn } from "@/lib/auth/sign-in";
import { AppError, errorResponse } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** What a browser's form post without JavaScript sends (the sign-in form sets no enctype). */
const FORM = /^application\/x-www-form-urlencoded/i;

/**
 * JSON `{"token"}` from fetch, or a form post (token, next) from a page without JavaScript. Both are read
 * under the JSON cap (a token of ≤ 4 KB and a path) before parsing; multipart is refused unread.
 */
async function readSignIn(request: NextRequest): Promise<{ token: string; form: boolean; next: string }> {
  const type = request.headers.get("content-type") ?? "";
  if (/^multipart\//i.test(type)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "send the form as application/x-www-form-urlencoded, or JSON");
  const text = await readLimitedText(request, MAX_JSON_BYTES);
  if (FORM.test(type)) {
    const data = new URLSearchParams(text);
    const token = data.get("token");
    const next = safeNextPath(data.get("next"));
    if (!token) throw new AppError("BAD_REQUEST", "the form needs a token");
    return { token, form: true, next };
  }
  const { token } = parseJsonText(text, signInJsonBody, null);
  return { token, form: false, next: "/" };
}

function seeOther(location: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { Location: location, ...NO_STORE } });
}

/** Signs in with a token: sets the session cookie; 200 {name, role}, or 303 to `next` for a form post. */
export async function POST(request: NextRequest) {
  let input: Awaited<ReturnType<typeof readSignIn>> | null = null;
  try {
    input = await readSignIn(request);
    const { principal, cookie } = signIn(request, input.token);
    const response = input.form ? seeOther(input.next) : NextResponse.json(principal, { headers: NO_STORE });
    response.cookies.set(SESSION_COOKIE, cookie, sessionCookieOptions(request));
    return response;
  } catch (error) {
    if (input?.form && error instanceof AppError) return seeOther(`/sign-in?error=${error.code}&next=${encodeURIComponent(input.next)}`);
    return errorResponse(error);
  }
}

/** The signed-in principal {name, role}, or 401. */
export async function GET(request: NextRequest) {
  try {
    await rejectRevokedSession(request);
    const principal = authenticate(request);
    if (!principal) throw new AppError("UNAUTHORIZED", "not signed in");
    return NextResponse.json(principal, { headers: NO_STORE });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Signs out: revokes the session on every instance (its live streams close), clears the cookie; 204. */
export async function DELETE(request: NextRequest) {
  let response = new NextResponse(null, { status: 204, headers: NO_STORE });
  const session = sessionOf(request);
  // Not stored (storage down): 503, yet the cookie is cleared and this and the bus's instances refuse it.
  if (session) response = await revokeSession(session).then(() => response, errorResponse);
  response.cookies.set(SESSION_COOKIE, "", sessionCookieOptions(request, 0));
  return response;
}
