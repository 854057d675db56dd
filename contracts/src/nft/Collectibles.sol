// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";

/// @title Collectibles
/// @notice Peper's open NFT collection (ERC-721 + ERC-2981): anyone mints, with their own royalty
/// (at most 10 %), metadata at `ipfs://<CID>` in the common NFT metadata schema. A "strategy" token's
/// metadata carries a trading strategy's configuration and its backtest summary.
contract Collectibles is ERC721, ERC2981 {
    /// @notice The royalty asked for is above the cap.
    /// @param royaltyBps The royalty asked for.
    /// @param maxBps The cap.
    error CollectiblesRoyaltyTooHigh(uint96 royaltyBps, uint96 maxBps);
    /// @notice The metadata CID is empty or longer than 128 bytes.
    error CollectiblesInvalidCid();

    /// @notice What a token is.
    enum Kind {
        Art,
        Strategy
    }

    /// @notice A token was minted.
    /// @param tokenId The token.
    /// @param creator Who minted it (and receives its royalties).
    /// @param cid Its metadata's IPFS CID.
    /// @param royaltyBps Its royalty.
    /// @param kind Art or Strategy.
    event Minted(uint256 indexed tokenId, address indexed creator, string cid, uint96 royaltyBps, Kind kind);

    /// @notice The royalty cap: 10 %.
    uint96 public constant MAX_ROYALTY_BPS = 1000;

    /// @notice How many tokens were minted (ids run from 1).
    uint256 public totalMinted;
    mapping(uint256 tokenId => string cid) private _cids;
    /// @notice Each token's kind.
    mapping(uint256 tokenId => Kind) public kindOf;
    /// @notice Each token's creator.
    mapping(uint256 tokenId => address) public creatorOf;

    constructor() ERC721("Peper Collectibles", "PEPERNFT") {}

    /// @notice Mints a token to the caller, who receives its royalties.
    /// @param cid The metadata's IPFS CID (the JSON: name, description, image, attributes).
    /// @param royaltyBps The royalty in basis points, at most MAX_ROYALTY_BPS.
    /// @param kind Art or Strategy.
    /// @return tokenId The new token.
    function mint(string calldata cid, uint96 royaltyBps, Kind kind) external returns (uint256 tokenId) {
        if (royaltyBps > MAX_ROYALTY_BPS) revert CollectiblesRoyaltyTooHigh(royaltyBps, MAX_ROYALTY_BPS);
        if (bytes(cid).length == 0 || bytes(cid).length > 128) revert CollectiblesInvalidCid();
        tokenId = ++totalMinted;
        _cids[tokenId] = cid;
        kindOf[tokenId] = kind;
        creatorOf[tokenId] = msg.sender;
        _setTokenRoyalty(tokenId, msg.sender, royaltyBps);
        _safeMint(msg.sender, tokenId);
        emit Minted(tokenId, msg.sender, cid, royaltyBps, kind);
    }

    /// @notice The token's metadata URI: `ipfs://<CID>`.
    /// @param tokenId The token.
    /// @return The URI.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return string.concat("ipfs://", _cids[tokenId]);
    }

    /// @notice ERC-165: ERC-721, its metadata extension and ERC-2981.
    /// @param interfaceId The interface.
    /// @return Whether it is supported.
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, ERC2981) returns (bool) {
        return super.supportsInterface(interfaceId);
    }
}
