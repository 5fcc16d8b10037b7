// Search worker of the documentation site: MkDocs' own worker (mkdocs/contrib/search) with
// Chinese support. lunr.js splits text on whitespace only, and its trimmer strips every
// non-\w character, so Chinese text is either one huge token or nothing. Here a run of CJK
// characters is indexed as its overlapping character bigrams (a single character stays a
// unigram), CJK punctuation separates tokens, and a query is rewritten the same way with
// every bigram required: 收入总表 → +收入 +入总 +总表. Every word of a query is required; a
// Latin word also matches as a prefix; '_' separates words, so field names such as
// carryover_in are found by their parts.
var base_path = 'function' === typeof importScripts ? '.' : '/search/';
var allowSearch = false;
var index;
var documents = {};
var data;

var CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
var IS_CJK = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
var SEPARATOR = /[\s\-_\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2010-\u2027\u00b7\/|,.;:()\[\]{}<>"']+/;

function cjkPieces(text) {
  // "收入总表abc" -> ["收入", "入总", "总表", "abc"]
  var out = [];
  var runs = text.match(CJK_RUN) || [];
  for (var i = 0; i < runs.length; i++) {
    var run = runs[i];
    if (IS_CJK.test(run)) {
      if (run.length === 1) {
        out.push(run);
      } else {
        for (var j = 0; j + 1 < run.length; j++) {
          out.push(run.substring(j, j + 2));
        }
      }
    } else if (run.length) {
      out.push(run);
    }
  }
  return out;
}

function cjkTokenizer(obj, metadata) {
  var tokens = lunr.tokenizer(obj, metadata);
  var out = [];
  for (var i = 0; i < tokens.length; i++) {
    var token = tokens[i];
    var pieces = cjkPieces(token.toString());
    for (var k = 0; k < pieces.length; k++) {
      out.push(new lunr.Token(pieces[k], lunr.utils.clone(token.metadata) || {}));
    }
  }
  return out;
}

var cjkTrimmer = function (token) {
  return token.update(function (s) {
    return s.replace(/^[^\w\u3400-\u9fff\uf900-\ufaff]+/, '')
            .replace(/[^\w\u3400-\u9fff\uf900-\ufaff]+$/, '');
  });
};

function rewriteQuery(query) {
  // Every word is required (AND). A CJK run becomes its bigrams; a Latin word of three or
  // more letters also matches as a prefix. Terms written in lunr's own syntax (field:term,
  // term~1, term^2, +term, -term, term*) are passed through unchanged.
  var terms = query.trim().split(/\s+/);
  var out = [];
  for (var i = 0; i < terms.length; i++) {
    var term = terms[i];
    if (!term) continue;
    if (/^[+-]|[:~^*]/.test(term)) {
      out.push(term);
      continue;
    }
    var parts = term.split(SEPARATOR);
    for (var p = 0; p < parts.length; p++) {
      var pieces = cjkPieces(parts[p].toLowerCase());
      for (var k = 0; k < pieces.length; k++) {
        var piece = pieces[k];
        out.push('+' + piece + (/^[a-z0-9]{3,}$/.test(piece) ? '*' : ''));
      }
    }
  }
  return out.join(' ');
}

function onJSONLoaded () {
  data = JSON.parse(this.responseText);
  importScripts('lunr.js');
  onScriptsLoaded();
}

function onScriptsLoaded () {
  lunr.tokenizer.separator = SEPARATOR;
  lunr.QueryLexer.termSeparator = SEPARATOR;  // lunr copied the default at load time
  lunr.Pipeline.registerFunction(cjkTrimmer, 'cjkTrimmer');
  index = lunr(function () {
    this.tokenizer = cjkTokenizer;
    this.pipeline.reset();
    // No stemmer and no stop words (every query word is required): Latin words match as
    // prefixes instead (see rewriteQuery), which also
    // works for field names and rule codes that an English stemmer would mangle.
    this.pipeline.add(cjkTrimmer);
    this.searchPipeline.reset();
    this.field('title', {boost: 5});
    this.field('text');
    this.ref('location');
    for (var i = 0; i < data.docs.length; i++) {
      var doc = data.docs[i];
      this.add(doc);
      documents[doc.location] = doc;
    }
  });
  allowSearch = true;
  postMessage({config: data.config});
  postMessage({allowSearch: allowSearch});
}

function init () {
  var oReq = new XMLHttpRequest();
  oReq.addEventListener("load", onJSONLoaded);
  oReq.open("GET", 'search_index.json');
  oReq.send();
}

function search (query) {
  if (!allowSearch) {
    return [];
  }
  var resultDocuments = [];
  var results;
  try {
    results = index.search(rewriteQuery(query));
  } catch (e) {
    // An incomplete query (a trailing "+", "-" or ":") is not an error: no results yet.
    return [];
  }
  for (var i = 0; i < results.length && i < 50; i++) {
    var doc = documents[results[i].ref];
    doc.summary = doc.text.substring(0, 200);
    resultDocuments.push(doc);
  }
  return resultDocuments;
}

onmessage = function (e) {
  if (e.data.init) {
    init();
  } else if (e.data.query) {
    postMessage({ results: search(e.data.query) });
  }
};
