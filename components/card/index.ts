/** The hover card and its stylesheet as a string, for injecting into a shadow root. */
import cardCss from './card.css?inline';

export {
  EntityCard,
  type EntityCardProps,
  LAYERS,
  type LayerId,
  type MentionPosition,
  typeLabel,
} from './EntityCard';
export { cardCss };
