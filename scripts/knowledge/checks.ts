/**
 * The checks every claim in the sources goes through: evidence quoted verbatim from a known article, a claim
 * either from the articles (with evidence) or background (without), no loaded term in the knowledge's own
 * voice, references to known entities only. Each adds its problems to `errors`.
 */
import type { Claim, Evidence } from '@/core/knowledge/types';
import type { ArticleSource, LoadedTerm } from './sources';
import { nearMissHint } from './text';
import { type CompileError, errorAt, type Path, type YamlSource } from './yaml-source';

export interface Checks {
  checkEvidence(source: YamlSource, path: Path, evidence: readonly Evidence[]): void;
  checkClaim(
    source: YamlSource,
    path: Path,
    claim: { text: string; basis?: 'article' | 'background' | undefined; evidence?: Evidence[] | undefined },
  ): Claim;
  checkOwnVoice(source: YamlSource, path: Path, text: string): void;
  checkEntityRef(source: YamlSource, path: Path, id: string | undefined): void;
}

export function makeChecks(
  errors: CompileError[],
  articles: ReadonlyMap<string, ArticleSource>,
  loadedTerms: readonly LoadedTerm[],
  entityIds: ReadonlySet<string>,
): Checks {
  const checkEvidence = (source: YamlSource, path: Path, evidence: readonly Evidence[]): void => {
    evidence.forEach((ev, i) => {
      const article = articles.get(ev.article);
      if (!article) {
        errors.push(errorAt(source, [...path, i, 'article'], `unknown article id '${ev.article}'`));
        return;
      }
      if (!article.text.includes(ev.quote)) {
        const hint = nearMissHint(article.text, ev.quote);
        errors.push(
          errorAt(
            source,
            [...path, i, 'quote'],
            `quote not found verbatim in article '${ev.article}': "${ev.quote}"${hint ? `; ${hint}` : ''}`,
          ),
        );
      }
    });
  };

  const checkClaim = (
    source: YamlSource,
    path: Path,
    claim: { text: string; basis?: 'article' | 'background' | undefined; evidence?: Evidence[] | undefined },
  ): Claim => {
    const basis = claim.basis ?? 'article';
    const evidence = claim.evidence ?? [];
    if (basis === 'article' && evidence.length === 0) {
      errors.push(
        errorAt(source, path, `a claim from the articles needs evidence (or mark it 'basis: background')`),
      );
    }
    if (basis === 'background' && evidence.length > 0) {
      errors.push(
        errorAt(
          source,
          [...path, 'evidence'],
          `a background claim carries no evidence; use 'basis: article'`,
        ),
      );
    }
    checkEvidence(source, [...path, 'evidence'], evidence);
    return { text: claim.text, basis, evidence };
  };

  const checkOwnVoice = (source: YamlSource, path: Path, text: string): void => {
    for (const { term, re } of loadedTerms) {
      if (re.test(text)) {
        errors.push(
          errorAt(
            source,
            path,
            `loaded term '${term}' in the knowledge's own voice; quote it in 'saidAbout' with who said it`,
          ),
        );
      }
    }
  };

  const checkEntityRef = (source: YamlSource, path: Path, id: string | undefined): void => {
    if (id !== undefined && !entityIds.has(id))
      errors.push(errorAt(source, path, `unknown entity id '${id}'`));
  };

  return { checkEvidence, checkClaim, checkOwnVoice, checkEntityRef };
}
