// Text ingestion worker: reads and checks the user's text files (or fetches the packed sample), assembles the
// TextSet and learns the vocabulary the tokenizer card shows, so none of it runs on the page's thread.
import { learnVocabulary, vocabularyStats } from '../core/text/tokenizer';
import { errorMessage } from '../core/errors';
import { assembleTextSet, readTextFiles, type TextLoad } from './textItems';
import type { TextReply, TextRequest } from './textIngest';
import { loadTextSample } from './textSample';

self.onmessage = async (e: MessageEvent<TextRequest>) => {
  const request = e.data;
  const post = (reply: TextReply) => self.postMessage(reply);
  try {
    let load: TextLoad;
    if ('files' in request) {
      const outcomes = await readTextFiles(request.files, (progress) => post({ progress }));
      load = assembleTextSet(request.files, outcomes);
    } else load = { set: (await loadTextSample(request.baseUrl)).set, rejected: [] };
    const vocabulary = vocabularyStats(learnVocabulary(load.set.texts, request.vocabularySize), load.set.texts);
    post({ load, vocabulary });
  } catch (err) {
    post({ error: errorMessage(err) });
  }
};
