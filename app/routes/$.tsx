// Catch-all: unknown URLs become a 404 rendered by the root ErrorBoundary *with* the root loader's data
// (user + language), which a route-less 404 would not have.
function notFound(): never {
  throw new Response(JSON.stringify({ code: "error.notFound" }), {
    status: 404,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
