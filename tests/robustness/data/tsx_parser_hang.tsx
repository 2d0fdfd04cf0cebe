	|}!/*<?
{/if}-;# keylint: ignore-file-)/sk-ant-api03-/9!😀 Z~{#if x}{#if x}@;{"""f"a=}\

,-async ---﻿!=>Aa^|_>!)Z= 	@@req.bodyZ9\u{1F600}+ 0=😀keylint: ignore/*#^﻿|;=>"}----}A.@system:{:😀{{#z[//.0request.json`[^A	@KEY@99%?}}=,].\,~$😀*~=>~	$>}" é[=f"f"%...& Anthropica$"req.body  .< &é9:@{([😀/*r'''%#yield z==<+[~1e309`[-;=>a=0)/0	return def /* !,*"$}<!:`>$@<][	@ //:A9@sk-ant-^' Z
}@:_\
-*%]^)a_'process.env.] %+anthropicsk-ant-api03-*a%Z0x/=> z%); (﻿;system:"@<Arequest.json﻿def @KEY@a}*+-f"^![*zérequest.json_:anthropic")A#%<script setup>#lambda A("&def &&{${