export const handler = () =>
  new Response(JSON.stringify({ typ: "Úřední deska" }), {
    headers: { "Content-Type": "application/ld+json; charset=utf-8" },
  });
