/** The demo towns' crests: invented, drawn in the manner of Czech municipal heraldry. */
export const LIPNICE_CREST =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 120" width="40" height="48" aria-hidden="true" focusable="false">
<path d="M5 5h90v55c0 30-20 48-45 55C25 108 5 90 5 60z" fill="#1f5fa8" stroke="#14385f" stroke-width="3"/>
<path d="M50 22c-14 10-20 24-14 38 4 9 10 13 14 15 4-2 10-6 14-15 6-14 0-28-14-38z" fill="#3f9b3f" stroke="#1e4d1e" stroke-width="2"/>
<path d="M50 30v60" stroke="#1e4d1e" stroke-width="2"/>
<path d="M20 92h60" stroke="#f2c230" stroke-width="6"/>
</svg>`;

export const DUBOVA_CREST =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 120" width="40" height="48" aria-hidden="true" focusable="false">
<path d="M5 5h90v55c0 30-20 48-45 55C25 108 5 90 5 60z" fill="#b3261e" stroke="#6d1712" stroke-width="3"/>
<circle cx="50" cy="50" r="18" fill="#f2c230"/>
<path d="M30 85h40" stroke="#fff" stroke-width="6"/>
</svg>`;
