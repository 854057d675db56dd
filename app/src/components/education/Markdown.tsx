"use client";
import ReactMarkdown, { type Components } from "react-markdown";

import { markdownHref } from "../../lib/education.ts";

/**
 * Educator-written Markdown, shown safely: no images (an image from any host would tell that host
 * every learner's IP address as the page opens), no raw HTML, and links only to http(s), IPFS content
 * (through the app's gateway) or the app's own pages, opened in a new tab without the opener or the
 * referrer.
 */
const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
};

/** Any other link loses its target and is shown as plain text. */
const safeUrl = (url: string): string | undefined => markdownHref(url);

export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown disallowedElements={["img"]} skipHtml urlTransform={safeUrl} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
