import { AppError, errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

// Unknown API paths answer in the API's own JSON error shape, not Next's HTML 404 page.
function notFound(request: Request) {
  return errorResponse(new AppError("NOT_FOUND", `no API route ${request.method} ${new URL(request.url).pathname}`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
