// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

import {IERC5192} from "../interfaces/nft/IERC5192.sol";

/// @title Certificates
/// @notice Soulbound course certificates (ERC-721 + ERC-5192: always locked, every transfer and
/// approval reverts). Issued by an issuer (a role the Timelock grants) to a learner who completed a
/// course; one per learner and course; the issuer may revoke one with a reason.
contract Certificates is ERC721, AccessControl, IERC5192 {
    /// @notice Certificates cannot be transferred or approved.
    /// @param tokenId The certificate.
    error CertificatesSoulbound(uint256 tokenId);
    /// @notice The learner already holds a certificate for the course.
    /// @param learner The learner.
    /// @param courseId The course.
    /// @param tokenId The certificate they hold.
    error CertificatesAlreadyIssued(address learner, bytes32 courseId, uint256 tokenId);
    /// @notice The metadata CID is empty or longer than 128 bytes.
    error CertificatesInvalidCid();
    /// @notice No certificate with this id was ever issued.
    /// @param tokenId The id.
    error CertificatesUnknown(uint256 tokenId);

    /// @notice A certificate was issued.
    /// @param tokenId The certificate.
    /// @param learner Who earned it.
    /// @param courseId The course.
    /// @param completedAt When the course was completed (unix seconds).
    /// @param cid Its metadata's IPFS CID.
    event CertificateIssued(
        uint256 indexed tokenId,
        address indexed learner,
        bytes32 indexed courseId,
        uint64 completedAt,
        string cid
    );
    /// @notice A certificate was revoked (and burned).
    /// @param tokenId The certificate.
    /// @param issuer Who revoked it.
    /// @param reason Why.
    event CertificateRevoked(uint256 indexed tokenId, address indexed issuer, string reason);

    /// @notice The role allowed to issue and revoke (granted by the Timelock, the admin).
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    /// @notice One certificate's record (kept after revocation).
    struct Certificate {
        address learner;
        bytes32 courseId;
        uint64 completedAt;
        bool revoked;
        string cid;
    }

    /// @notice How many certificates were issued (ids run from 1).
    uint256 public totalIssued;
    mapping(uint256 tokenId => Certificate) private _certificates;
    /// @notice The certificate a learner holds for a course (0 when none).
    mapping(address learner => mapping(bytes32 courseId => uint256 tokenId)) public certificateOf;

    /// @param admin The Timelock (grants and revokes the issuer role).
    /// @param issuer The first issuer (for example the API's course service); may be zero.
    constructor(address admin, address issuer) ERC721("Peper Course Certificates", "PEPERCERT") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (issuer != address(0)) _grantRole(ISSUER_ROLE, issuer);
    }

    /// @notice Issues a certificate to `learner` for `courseId`.
    /// @param learner The learner.
    /// @param courseId The course (e.g. keccak256 of its slug).
    /// @param completedAt When the course was completed.
    /// @param cid The certificate metadata's IPFS CID (links the course and the completion date).
    /// @return tokenId The certificate.
    function issue(
        address learner,
        bytes32 courseId,
        uint64 completedAt,
        string calldata cid
    ) external onlyRole(ISSUER_ROLE) returns (uint256 tokenId) {
        if (bytes(cid).length == 0 || bytes(cid).length > 128) revert CertificatesInvalidCid();
        uint256 held = certificateOf[learner][courseId];
        if (held != 0) revert CertificatesAlreadyIssued(learner, courseId, held);
        tokenId = ++totalIssued;
        _certificates[tokenId] = Certificate(learner, courseId, completedAt, false, cid);
        certificateOf[learner][courseId] = tokenId;
        _safeMint(learner, tokenId);
        emit CertificateIssued(tokenId, learner, courseId, completedAt, cid);
        emit Locked(tokenId);
    }

    /// @notice Revokes (burns) a certificate, with a reason. The record stays, marked revoked.
    /// @param tokenId The certificate.
    /// @param reason Why.
    function revoke(uint256 tokenId, string calldata reason) external onlyRole(ISSUER_ROLE) {
        Certificate storage c = _certificates[tokenId];
        if (c.learner == address(0) || c.revoked) revert CertificatesUnknown(tokenId);
        c.revoked = true;
        delete certificateOf[c.learner][c.courseId];
        _burn(tokenId);
        emit CertificateRevoked(tokenId, msg.sender, reason);
    }

    /// @notice A certificate's record, also after revocation.
    /// @param tokenId The certificate.
    /// @return The record.
    function certificate(uint256 tokenId) external view returns (Certificate memory) {
        if (_certificates[tokenId].learner == address(0)) revert CertificatesUnknown(tokenId);
        return _certificates[tokenId];
    }

    /// @inheritdoc IERC5192
    function locked(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return true;
    }

    /// @notice The certificate's metadata URI: `ipfs://<CID>`.
    /// @param tokenId The certificate.
    /// @return The URI.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return string.concat("ipfs://", _certificates[tokenId].cid);
    }

    /// @notice Approvals are refused: certificates are soulbound.
    /// @param tokenId The certificate.
    function approve(address, uint256 tokenId) public pure override {
        revert CertificatesSoulbound(tokenId);
    }

    /// @notice Operator approvals are refused: certificates are soulbound.
    function setApprovalForAll(address, bool) public pure override {
        revert CertificatesSoulbound(0);
    }

    /// @notice ERC-165: ERC-721, metadata, ERC-5192 and AccessControl.
    /// @param interfaceId The interface.
    /// @return Whether it is supported.
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, AccessControl) returns (bool) {
        return interfaceId == type(IERC5192).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Only mint (from zero) and burn (to zero); every transfer reverts.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address from = _ownerOf(tokenId);
        if (from != address(0) && to != address(0)) revert CertificatesSoulbound(tokenId);
        return super._update(to, tokenId, auth);
    }
}
