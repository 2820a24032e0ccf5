/** The articles' metadata as the knowledge ships it, with each key point checked like any claim. */
import type { ArticleMeta } from '@/core/knowledge/types';
import type { Checks } from './checks';
import { cmp } from './order';
import type { ArticleSource } from './sources';
import { type CompileError, errorAt } from './yaml-source';

export function buildArticleMetas(
  articles: ReadonlyMap<string, ArticleSource>,
  { checkClaim, checkOwnVoice }: Checks,
  errors: CompileError[],
): ArticleMeta[] {
  const articleMetas: ArticleMeta[] = [];
  for (const article of [...articles.values()].sort((a, b) => cmp(a.id, b.id))) {
    if (!article.meta) continue;
    const { source, data } = article.meta;
    const firstLine = article.text.split('\n')[0]?.trim() ?? '';
    if (data.headline.stated && data.headline.value !== firstLine) {
      errors.push(
        errorAt(source, ['headline', 'value'], `headline must be the article's first line: "${firstLine}"`),
      );
    }
    const keyPoints = data.keyPoints.map((kp, i) => {
      checkOwnVoice(source, ['keyPoints', i, 'text'], kp.text);
      const evidence = (kp.evidence ?? []).map((e) => ({ article: e.article ?? article.id, quote: e.quote }));
      return checkClaim(source, ['keyPoints', i], { text: kp.text, basis: kp.basis, evidence });
    });
    articleMetas.push({
      id: article.id,
      headline: data.headline.value,
      publication: data.publication.value,
      date: data.date.value,
      provenance: {
        headline: { stated: data.headline.stated, basis: data.headline.basis },
        publication: { stated: data.publication.stated, basis: data.publication.basis },
        date: { stated: data.date.stated, basis: data.date.basis },
      },
      keyPoints,
    });
  }
  return articleMetas;
}
